// Whether harombe.yaml loads: its path, each problem at file:line:column, and how many warnings it raised.
import { ConfigError, formatConfigProblem, loadConfig, type LoadedConfig } from '../config';
import { failed, passed, warned, type DiagnosticCheck } from './diagnostic-check';

export type ConfigLoadOutcome = { loaded: LoadedConfig } | { path: string; error: ConfigError };

const ID = 'config';
const NAME = 'config';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Loads the config, keeping a ConfigError as a value; any other error (a bug) still throws. */
export async function loadConfigOutcome(path: string): Promise<ConfigLoadOutcome> {
  try {
    return { loaded: await loadConfig(path) };
  } catch (error) {
    if (error instanceof ConfigError) return { path, error };
    throw error;
  }
}

export function checkConfig(outcome: ConfigLoadOutcome): DiagnosticCheck {
  if ('error' in outcome) {
    const problems = outcome.error.problems.map(formatConfigProblem);
    return failed(ID, NAME, `${outcome.path} is not a valid harombe config (${plural(problems.length, 'problem')})`, {
      problems,
      fix: 'Fix the lines above, then run `harombe doctor` again (docs/configuration.md lists every key).',
    });
  }
  const { loaded } = outcome;
  if (!loaded.exists) {
    return warned(ID, NAME, `no file at ${loaded.path}: harombe runs with the defaults`, {
      fix: 'Create one for this machine with `harombe init`.',
    });
  }
  if (loaded.warnings.length > 0) {
    return warned(ID, NAME, `${loaded.path} is valid, with ${plural(loaded.warnings.length, 'warning')}`, {
      problems: loaded.warnings.map(formatConfigProblem),
      fix: 'Correct or remove the keys above; `harombe config validate` shows the config in effect.',
    });
  }
  return passed(ID, NAME, `${loaded.path} is valid`);
}
