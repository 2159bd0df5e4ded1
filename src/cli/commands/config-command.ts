// `harombe config validate` (check the file, show the effective config with secrets hidden) and `harombe config path`.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { ConfigError, configPath, formatConfigProblem, loadConfig, redactConfig } from '../../main/config';
import type { LoadedConfig } from '../../main/config';
import { CliError, EXIT_FAILURE } from '../cli-error';
import { asInvoked } from '../invocation';
import { withConfigOption } from '../program';
import type { GlobalOptions } from '../program';

/** `--config` may come before the command (`harombe --config x config validate`) or after it. */
function configFileOf(command: Command): { path: string; explicit: boolean } {
  const { config } = command.optsWithGlobals<GlobalOptions>();
  return { path: configPath(config), explicit: config !== undefined };
}

async function load(path: string): Promise<LoadedConfig> {
  try {
    return await loadConfig(path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Errors and warnings together, in file order: a YAML error does not hide what else is wrong.
    for (const problem of error.problems) console.error(formatConfigProblem(problem));
    throw new CliError(
      `${path} is not a valid harombe config (${error.countProblems()}, listed above)`,
      EXIT_FAILURE,
      'Fix the lines above, then run `harombe config validate` again. See docs/configuration.md for every key.',
    );
  }
}

async function validate(command: Command): Promise<void> {
  const { path, explicit } = configFileOf(command);
  const loaded = await load(path);
  if (!loaded.exists && explicit) {
    throw new CliError(`config file not found: ${path}`, EXIT_FAILURE, 'Check the path given to --config.');
  }
  console.log(`ok: ${path}`);
  // lineWidth 0 keeps the system prompt on one line, as it would be written.
  process.stdout.write(stringify(redactConfig(loaded.config), { lineWidth: 0 }));
  if (!loaded.exists) console.error(asInvoked(`note: ${path} does not exist yet; these are the defaults (run \`harombe init\` to create it)`));
  for (const warning of loaded.warnings) console.error(`warning: ${formatConfigProblem(warning)}`);
}

export function registerConfigCommand(program: Command): void {
  const config = withConfigOption(
    program.command('config').description('check the config file and show where it is'),
  );
  withConfigOption(config.command('validate'))
    .description('check the config file; print the effective config (secrets hidden) or every problem with its line')
    .action(async (_options: GlobalOptions, command: Command) => {
      await validate(command);
    });
  withConfigOption(config.command('path'))
    .description('print the path of the config file in use (--config, else $HAROMBE_HOME/harombe.yaml)')
    .action((_options: GlobalOptions, command: Command) => {
      console.log(configFileOf(command).path);
    });
}
