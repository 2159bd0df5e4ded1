// Reads the config schema to say in words what a key accepts ("an integer from 0 to 2") and which keys a section knows.
import { z } from 'zod';
import { harombeConfigSchema } from '../../shared';
import type { KeyPath } from './config-problem';

type Schema = z.core.$ZodType;

const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'nonoptional', 'readonly', 'catch']);

/** The schema under its defaults and optionals: what a present value must be. */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const definition = current._zod.def as { type: string; innerType?: Schema; in?: Schema };
    if (WRAPPERS.has(definition.type) && definition.innerType) current = definition.innerType;
    else if (definition.type === 'pipe' && definition.in) current = definition.in;
    else return current;
  }
}

/** The schema of the value at `path` (e.g. `cluster.nodes[0].tier`), or undefined when no such key exists. */
export function schemaAt(path: KeyPath, root: Schema = harombeConfigSchema): Schema | undefined {
  let current = unwrap(root);
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!(current instanceof z.ZodArray)) return undefined;
      current = unwrap(current.element as Schema);
    } else if (current instanceof z.ZodRecord) {
      // `mcp.github.env.TOKEN`: any name is a key of a record, each holding its value type.
      current = unwrap(current.valueType as Schema);
    } else {
      if (!(current instanceof z.ZodObject)) return undefined;
      const child = (current.shape as Record<string, Schema | undefined>)[segment];
      if (!child) return undefined;
      current = unwrap(child);
    }
  }
  return current;
}

/** The keys a mapping at `path` accepts, in schema order; empty when `path` is not a mapping. */
export function knownKeysAt(path: KeyPath): string[] {
  const schema = schemaAt(path);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function isUsefulBound(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER;
}

function describeNumber(schema: z.ZodNumber): string {
  const kind = schema.isInt ? 'an integer' : 'a number';
  const minimum = isUsefulBound(schema.minValue) ? schema.minValue : undefined;
  const maximum = isUsefulBound(schema.maxValue) ? schema.maxValue : undefined;
  if (minimum !== undefined && maximum !== undefined) return `${kind} from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return `${kind} of at least ${minimum}`;
  if (maximum !== undefined) return `${kind} of at most ${maximum}`;
  return kind;
}

/** What a value must be, as a phrase that follows "expected": `an integer from 0 to 2`, `one of auto, bwrap, none`. */
export function describeExpected(schema: Schema): string {
  if (schema instanceof z.ZodNumber) return describeNumber(schema);
  if (schema instanceof z.ZodBoolean) return 'true or false';
  if (schema instanceof z.ZodURL) return 'a URL starting with http:// or https://';
  if (schema instanceof z.ZodString) return (schema.minLength ?? 0) > 0 ? 'a non-empty string' : 'a string';
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.join(', ')}`;
  if (schema instanceof z.ZodObject) return `a mapping (keys: ${Object.keys(schema.shape).join(', ')})`;
  if (schema instanceof z.ZodArray) return 'a list (one "- " entry per item)';
  return `a value of type ${schema._zod.def.type}`;
}

/** What was actually there, as a phrase that follows "found"; secrets are described by type only, never echoed. */
export function describeFound(value: unknown, secret = false): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'string') {
    if (value === '') return 'an empty string';
    if (secret) return 'a string';
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return secret ? `a ${typeof value}` : String(value);
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}
