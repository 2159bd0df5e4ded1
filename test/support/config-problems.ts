// What `harombe config validate` prints for a config text, for the config tests: its problems line by line.
import { ConfigError, formatConfigProblem } from '../../src/main/config/config-problem';
import { parseConfigText } from '../../src/main/config/load-config';

/** The errors a config text produces, one line each (empty when it loads). */
export function errorsOf(text: string): string[] {
  try {
    parseConfigText(text, 'harombe.yaml');
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map(formatConfigProblem);
  }
}

/** Every problem a config text produces: its errors, or its warnings marked `warning:` when it loads. */
export function problemsOf(text: string): string[] {
  try {
    return parseConfigText(text, 'harombe.yaml').warnings.map((warning) => `warning: ${formatConfigProblem(warning)}`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map(formatConfigProblem);
  }
}

/** Lines of a file, each ended by a line end. */
export const lines = (...text: string[]): string => `${text.join('\n')}\n`;
