// `harombe models list | pull NAME | rm NAME`: the models Ollama has, a download with progress, and removal.
import type { Command } from 'commander';
import { configPath } from '../../main/config/paths';
import { sameModelName } from '../../main/diagnostics';
import { detectHardware, resolveModelName } from '../../main/hardware';
import { LlmError, OllamaAdmin } from '../../main/llm';
import type { HarombeConfig, InstalledModel } from '../../shared';
import { colorEnabled, createTerminalStyle } from '../chat/terminal-style';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../cli-error';
import { asInvoked } from '../invocation';
import { loadCommandConfig } from '../command-config';
import { renderModelsTable, type ModelRow } from '../models/models-table';
import { PullPrinter } from '../models/pull-printer';
import { withConfigOption, type GlobalOptions } from '../program';

/** Exit code for a pull cancelled with Ctrl-C (128 + SIGINT), as shells expect. */
export const EXIT_INTERRUPTED = 130;
/** list, show and delete answer at once; a stalled Ollama should not keep the command waiting for ollama.timeout. */
const QUICK_TIMEOUT_MS = 10_000;
/** Asking every model's capabilities is cheap locally; a slow answer just leaves `?`. */
const SHOW_TIMEOUT_MS = 2000;

export interface ModelsDependencies {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  now: () => number;
  fetch: typeof fetch;
  /** Ctrl-C during a pull; returns a function that stops listening. */
  onInterrupt: (listener: () => void) => () => void;
  setExitCode: (code: number) => void;
}

interface ListOptions extends GlobalOptions {
  json?: boolean;
}

function defaultDependencies(): ModelsDependencies {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    now: Date.now,
    fetch: globalThis.fetch,
    // `once`: a second Ctrl-C falls through to Node's default and ends the process at once.
    onInterrupt: (listener) => {
      process.once('SIGINT', listener);
      return () => process.off('SIGINT', listener);
    },
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}

export function registerModelsCommand(program: Command, overrides: Partial<ModelsDependencies> = {}): Command {
  const dependencies = (): ModelsDependencies => ({ ...defaultDependencies(), ...overrides });
  const models = withConfigOption(program.command('models').description('list, pull and remove the models Ollama has (at ollama.host)'));
  withConfigOption(models.command('list', { isDefault: true }))
    .description('the models Ollama has; ● marks the one harombe is configured to use')
    .option('--json', 'print the models as JSON')
    .action(async (_options: unknown, self: Command) => {
      const run = dependencies();
      run.setExitCode(await listModels(self.optsWithGlobals<ListOptions>(), run));
    });
  withConfigOption(models.command('pull').argument('<name>', 'the model, as in the Ollama library (e.g. qwen2.5:7b)'))
    .description('download a model into Ollama, with progress; Ctrl-C cancels (a later pull resumes)')
    .action(async (name: string, _options: unknown, self: Command) => {
      const run = dependencies();
      run.setExitCode(await pullModel(name, self.optsWithGlobals<GlobalOptions>(), run));
    });
  withConfigOption(models.command('rm').alias('remove').argument('<name>', 'the model to delete from Ollama'))
    .description('delete a model from Ollama to free disk space')
    .action(async (name: string, _options: unknown, self: Command) => {
      const run = dependencies();
      run.setExitCode(await removeModel(name, self.optsWithGlobals<GlobalOptions>(), run));
    });
  models.addHelpText('after', '\nExamples:\n  harombe models                 the models Ollama has\n  harombe models pull qwen2.5:7b\n  harombe models rm gemma:2b');
  return models;
}

async function setUp(options: GlobalOptions, dependencies: ModelsDependencies, timeoutMs: number): Promise<{ config: HarombeConfig; admin: OllamaAdmin }> {
  const { config } = await loadCommandConfig(configPath(options.config, dependencies.env), dependencies.stderr);
  return { config, admin: new OllamaAdmin({ host: config.ollama.host, timeoutMs, fetch: dependencies.fetch }) };
}

function asCliError(error: unknown): unknown {
  return error instanceof LlmError ? new CliError(error.message, EXIT_FAILURE, error.hint) : error;
}

/** model.name, or what `auto` resolves to here; undefined when detection fails (nothing is marked then). */
async function configuredModel(config: HarombeConfig): Promise<string | undefined> {
  return resolveModelName(config.model.name, () => detectHardware()).catch(() => undefined);
}

export async function listModels(options: ListOptions, dependencies: ModelsDependencies): Promise<number> {
  const { config, admin } = await setUp(options, dependencies, QUICK_TIMEOUT_MS);
  const configuredPromise = configuredModel(config);
  let installed: InstalledModel[];
  try {
    installed = await admin.listModels();
  } catch (error) {
    throw asCliError(error);
  }
  const configured = await configuredPromise;
  const rows: ModelRow[] = await Promise.all(
    installed.map(async (model) => {
      const tools = await admin
        .show(model.name, { signal: AbortSignal.timeout(SHOW_TIMEOUT_MS) })
        .then((details) => details.supportsTools)
        .catch(() => undefined);
      return { ...model, configured: configured !== undefined && sameModelName(model.name, configured), ...(tools === undefined ? {} : { tools }) };
    }),
  );
  const { stdout } = dependencies;
  if (options.json) {
    stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT_OK;
  }
  const style = createTerminalStyle(colorEnabled(stdout, dependencies.env));
  if (rows.length === 0) {
    stdout.write(asInvoked(`Ollama at ${admin.host} has no models yet. Pull one: \`harombe models pull ${configured ?? 'qwen2.5:7b'}\`\n`, dependencies.env));
    return EXIT_OK;
  }
  const lines = renderModelsTable(rows, dependencies.now(), style);
  if (configured !== undefined) {
    const auto = configured === config.model.name ? '' : ' (auto)';
    lines.push('');
    lines.push(
      rows.some((row) => row.configured)
        ? `${style.green('●')} configured in model.name${auto}`
        : style.yellow(asInvoked(`model.name${auto} is ${configured}, which is not pulled: \`harombe models pull ${configured}\``, dependencies.env)),
    );
  }
  stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

export async function pullModel(name: string, options: GlobalOptions, dependencies: ModelsDependencies): Promise<number> {
  // ollama.timeout bounds the silence between two progress lines, not the whole download.
  const { config } = await loadCommandConfig(configPath(options.config, dependencies.env), dependencies.stderr);
  const admin = new OllamaAdmin({ host: config.ollama.host, timeoutMs: config.ollama.timeout * 1000, fetch: dependencies.fetch });
  const { stdout, stderr } = dependencies;
  const printer = new PullPrinter({ output: stdout, live: stdout.isTTY === true, now: dependencies.now });
  const cancel = new AbortController();
  const stopListening = dependencies.onInterrupt(() => cancel.abort());
  try {
    for await (const progress of admin.pull(name, { signal: cancel.signal })) printer.print(progress);
  } catch (error) {
    printer.finish();
    if (cancel.signal.aborted) {
      stderr.write('pull cancelled (a later `harombe models pull` resumes where this one stopped)\n');
      return EXIT_INTERRUPTED;
    }
    throw asCliError(error);
  } finally {
    stopListening();
  }
  printer.finish();
  stdout.write(`pulled ${name}\n`);
  if (config.model.name.trim().toLowerCase() !== 'auto' && !sameModelName(config.model.name, name)) {
    stdout.write(`To use it, set model.name: ${name} in ${configPath(options.config, dependencies.env)}\n`);
  }
  return EXIT_OK;
}

export async function removeModel(name: string, options: GlobalOptions, dependencies: ModelsDependencies): Promise<number> {
  const { config, admin } = await setUp(options, dependencies, QUICK_TIMEOUT_MS);
  try {
    await admin.delete(name);
  } catch (error) {
    throw asCliError(error);
  }
  dependencies.stdout.write(`deleted ${name}\n`);
  if (sameModelName(config.model.name, name)) {
    dependencies.stderr.write(`note: ${name} is model.name in your config; pull it again or choose another model before chatting\n`);
  }
  return EXIT_OK;
}
