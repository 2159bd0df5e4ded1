// Reads harombe.yaml: no file, an empty file or a partial one all load, with defaults filling every missing key.
import { harombeConfigSchema } from '../../shared';
import type { HarombeConfig } from '../../shared';
import { createLocator, parseConfigDocument } from './config-document';
import type { ConfigDocument } from './config-document';
import { ConfigError } from './config-problem';
import type { ConfigProblem } from './config-problem';
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

/** Validates a parsed document; throws ConfigError listing every problem. */
export function configFromDocument(parsed: ConfigDocument, file: string): { config: HarombeConfig; warnings: ConfigProblem[] } {
  if (parsed.errors.length > 0) throw new ConfigError(parsed.errors);
  let data: unknown;
  try {
    data = parsed.document.toJS();
  } catch (error) {
    // yaml refuses documents whose aliases expand exponentially ("billion laughs").
    throw new ConfigError([{ file, line: 0, column: 0, keyPath: '', message: `invalid YAML: ${(error as Error).message}` }]);
  }
  const result = validateConfigData(data, file, createLocator(parsed));
  if (!result.config) throw new ConfigError(result.errors);
  return { config: result.config, warnings: [...parsed.warnings, ...result.warnings] };
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
