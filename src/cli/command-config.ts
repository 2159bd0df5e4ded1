// Loads the config for a command that needs it, turning an invalid file into its problems on stderr and one CliError.
import { ConfigError, formatConfigProblem, loadConfig, type LoadedConfig } from '../main/config';
import { CliError, EXIT_FAILURE } from './cli-error';

export async function loadCommandConfig(path: string, errorOutput: NodeJS.WritableStream = process.stderr): Promise<LoadedConfig> {
  try {
    return await loadConfig(path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) errorOutput.write(`${formatConfigProblem(problem)}\n`);
    const count = error.problems.length;
    throw new CliError(
      `${path} is not a valid harombe config (${count} problem${count === 1 ? '' : 's'}, listed above)`,
      EXIT_FAILURE,
      'Fix the lines above (`harombe doctor` checks everything else too).',
    );
  }
}
