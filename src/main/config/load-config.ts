// Reads harombe.yaml: no file, an empty file or a partial one all load, with defaults filling every missing key.
import { isMap, visit } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import { harombeConfigSchema } from '../../shared';
import type { HarombeConfig } from '../../shared';
import { createLocator, parseConfigDocument } from './config-document';
import type { ConfigDocument } from './config-document';
import { ConfigError, inFileOrder } from './config-problem';
import type { ConfigProblem } from './config-problem';
import { readablePart } from './readable-part';
import { readConfigFile } from './read-config-file';
import { validateConfigData } from './validate-config';

export interface LoadedConfig {
  /** The file that was read (or would have been). */
  path: string;
  /** False when there is no file: the config is all defaults. */
  exists: boolean;
  config: HarombeConfig;
  /** Things that did not stop loading, such as unknown keys (which were ignored). */
  warnings: ConfigProblem[];
}

/** The config with every key at its default, as when there is no file at all. */
export function defaultConfig(): HarombeConfig {
  return harombeConfigSchema.parse({});
}

/** What yaml could not turn into data (an alias to nothing, or aliases that expand too far), at the first such alias. */
function unreadableValues(document: Document, lineCounter: LineCounter, file: string, error: Error): ConfigProblem {
  let position = { line: 0, column: 0 };
  visit(document, {
    Alias(_key, alias) {
      if (!alias.range || alias.resolve(document) !== undefined) return undefined;
      const { line, col } = lineCounter.linePos(alias.range[0]);
      position = { line, column: col };
      return visit.BREAK;
    },
  });
  const words = error.message.charAt(0).toLowerCase() + error.message.slice(1);
  // yaml refuses documents whose aliases expand exponentially ("billion laughs").
  const fix = /excessive alias/i.test(words) ? '; write the values out instead of repeating aliases (`*name`) inside one another' : '';
  return { file, ...position, keyPath: '', message: `invalid YAML: ${words}${fix}` };
}

/**
 * Validates a parsed document; throws ConfigError listing every problem in file order: YAML errors, and what the schema
 * finds in the part of the file that could still be read, warnings included, so one run shows everything to fix.
 */
export function configFromDocument(parsed: ConfigDocument, file: string): { config: HarombeConfig; warnings: ConfigProblem[] } {
  const readable = readablePart(parsed);
  let data: unknown;
  try {
    data = readable.document.toJS();
  } catch (error) {
    throw new ConfigError(inFileOrder([...readable.errors, unreadableValues(readable.document, parsed.lineCounter, file, error as Error)]));
  }
  const contents = readable.document.contents;
  // A top level yaml could not read as a mapping says nothing the schema could check beyond the YAML errors.
  const checkable = readable.errors.length === 0 || contents === null || isMap(contents);
  const result = checkable ? validateConfigData(data, file, createLocator(parsed)) : { errors: [], warnings: [] };
  const errors = [...readable.errors, ...result.errors.filter((problem) => !readable.isEcho(problem))];
  const warnings = inFileOrder([...parsed.warnings, ...result.warnings.filter((problem) => !readable.isEcho(problem))]);
  if (errors.length > 0 || !result.config) {
    throw new ConfigError(inFileOrder([...errors, ...warnings.map((warning) => ({ ...warning, severity: 'warning' as const }))]));
  }
  return { config: result.config, warnings };
}

/** Parses and validates config text; `file` is only used to name where problems are. */
export function parseConfigText(text: string, file: string): { config: HarombeConfig; warnings: ConfigProblem[] } {
  return configFromDocument(parseConfigDocument(text, file), file);
}

/** Loads the config at `path` (see configPath()); throws ConfigError when it cannot be used (or is not a regular file). */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const text = await readConfigFile(path);
  if (text === undefined) return { path, exists: false, config: defaultConfig(), warnings: [] };
  return { path, exists: true, ...parseConfigText(text, path) };
}
