// Checks parsed YAML against the config schema: unknown keys become warnings (and are ignored), the rest errors.
import type { z } from 'zod';
import { harombeConfigSchema, SECRET_KEYS } from '../../shared';
import type { HarombeConfig } from '../../shared';
import type { Locator } from './config-document';
import { formatKeyPath, inFileOrder } from './config-problem';
import type { ConfigProblem, KeyPath } from './config-problem';
import { suggestKey } from './key-suggestion';
import { isSecretMap } from './redact-config';
import { describeExpected, describeFound, knownKeysAt, schemaAt } from './schema-description';

export interface ConfigValidation {
  /** Present when there are no errors. */
  config?: HarombeConfig;
  warnings: ConfigProblem[];
  errors: ConfigProblem[];
}

const TOP_LEVEL_SECTIONS = Object.keys(harombeConfigSchema.shape);
const YAML_1_1_BOOLEANS = /^(yes|no|on|off|y|n)$/i;
// Each round strips the unknown keys zod could see; a key inside an unknown key's value is never looked at, so a few suffice.
const MAX_ROUNDS = 8;

type Issue = z.core.$ZodIssue;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy in which `key:` with no value means "not set", so an emptied or fully commented-out section takes its defaults. */
function withoutEmptyValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyValues);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) if (child !== null) copy[key] = withoutEmptyValues(child);
  return copy;
}

function valueAt(root: unknown, path: KeyPath): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return current;
}

function keyPathOf(issue: Issue): (string | number)[] {
  return issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
}

function describeIssue(issue: Issue, path: KeyPath, input: unknown): string {
  if (issue.code === 'custom') return issue.message;
  // A name the record refuses (an MCP server's): its own rule, not zod's "Invalid key in record".
  if (issue.code === 'invalid_key') return issue.issues.map((inner) => inner.message).join('; ');
  const found = valueAt(input, path);
  if (path.length === 0) {
    return `the file must be a mapping of sections (${TOP_LEVEL_SECTIONS.map((key) => `${key}:`).join(', ')}), found ${describeFound(found)}`;
  }
  const schema = schemaAt(path);
  if (!schema) return issue.message;
  // auth_token anywhere, and every value of an MCP server's env and headers (API keys under any name).
  const secret = (SECRET_KEYS as readonly (string | number)[]).includes(path[path.length - 1]!) || isSecretMap(path.slice(0, -1));
  const expected = describeExpected(schema);
  if (found === undefined) return `expected ${expected}, found nothing (this key is required)`;
  let message = `expected ${expected}, found ${describeFound(found, secret)}`;
  if (typeof found === 'string' && expected === 'true or false' && YAML_1_1_BOOLEANS.test(found)) {
    message += ' (YAML reads yes/no/on/off as text; write true or false)';
  } else if (typeof found === 'string' && /^(an integer|a number)/.test(expected) && found.trim() !== '' && Number.isFinite(Number(found))) {
    message += ' (remove the quotes to make it a number)';
  }
  return message;
}

function unknownKeyWarning(file: string, sectionPath: KeyPath, key: string, locate: Locator): ConfigProblem {
  const section = formatKeyPath(sectionPath);
  const where = section ? `in ${section}` : 'at the top level';
  const suggestion = suggestKey(key, knownKeysAt(sectionPath));
  const advice = suggestion ? ` — did you mean \`${suggestion}\`?` : `; known keys: ${knownKeysAt(sectionPath).join(', ')}`;
  return {
    file,
    ...locate([...sectionPath, key], 'key'),
    keyPath: formatKeyPath([...sectionPath, key]),
    message: `unknown key \`${key}\` ${where}${advice} (ignored)`,
  };
}

/** Validates plain data read from YAML (`document.toJS()`); `locate` turns key paths into file positions. */
export function validateConfigData(data: unknown, file: string, locate: Locator): ConfigValidation {
  // An empty or comment-only file is null: the same as an empty mapping.
  const input = data === null || data === undefined ? {} : withoutEmptyValues(data);
  const warnings: ConfigProblem[] = [];
  for (let round = 1; ; round++) {
    const result = harombeConfigSchema.safeParse(input);
    if (result.success) return { config: result.data, warnings: inFileOrder(warnings), errors: [] };
    const unknown = result.error.issues.filter((issue) => issue.code === 'unrecognized_keys');
    if (unknown.length === 0 || round === MAX_ROUNDS) {
      const errors = result.error.issues
        .filter((issue) => issue.code !== 'unrecognized_keys')
        .map((issue) => {
          const path = keyPathOf(issue);
          // A refused name is the key itself; anything else is about the value.
          const target = issue.code === 'invalid_key' ? 'key' : 'value';
          return { file, ...locate(path, target), keyPath: formatKeyPath(path), message: describeIssue(issue, path, input) };
        });
      return { warnings: inFileOrder(warnings), errors: inFileOrder(errors) };
    }
    for (const issue of unknown) {
      const sectionPath = keyPathOf(issue);
      const section = valueAt(input, sectionPath);
      for (const key of issue.keys) {
        warnings.push(unknownKeyWarning(file, sectionPath, key, locate));
        if (isPlainObject(section)) delete section[key];
      }
    }
  }
}
