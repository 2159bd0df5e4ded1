// `harombe init`: detect this machine, recommend a model and say why, write a commented ~/.harombe/harombe.yaml, check Ollama.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { harombeConfigSchema, ollamaConfigSchema, type HardwareProfile } from '../../shared';
import { configPath } from '../../main/config/paths';
import { writeFileAtomic } from '../../main/fs/atomic-write';
import { describeHardware, detectHardware, recommendModel } from '../../main/hardware';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../cli-error';
import { harombeCommand } from '../invocation';
import { withConfigOption, type GlobalOptions } from '../program';
import { askForModel, isPlausibleModelName } from '../init/ask-model';
import { checkOllama, describeReadiness, nextSteps } from '../init/ollama-readiness';
import { ConfigTextError, starterConfig } from '../init/starter-config';

export interface InitOptions extends GlobalOptions {
  nonInteractive?: boolean;
  force?: boolean;
  model?: string;
  ollamaHost?: string;
}

/** The outside world init touches; tests replace any of it. */
export interface InitDependencies {
  detect: () => Promise<HardwareProfile>;
  fetch: typeof globalThis.fetch;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Whether a person is there to answer (stdin and stdout are a terminal). */
  interactive: boolean;
  env: NodeJS.ProcessEnv;
}

const CONFIG_FILE_MODE = 0o600;
const DEFAULT_OLLAMA_HOST = harombeConfigSchema.parse({}).ollama.host;

export function registerInitCommand(program: Command, dependencies: Partial<InitDependencies> = {}): Command {
  const command = program
    .command('init')
    .description('detect this machine, recommend a model and write ~/.harombe/harombe.yaml')
    .option('-y, --non-interactive', 'take the recommended model without asking')
    .option('-f, --force', 'replace an existing config file (the old one is kept as <file>.bak)')
    .option('-m, --model <name>', 'use this Ollama model instead of the recommended one')
    .option('--ollama-host <url>', 'where Ollama runs; written to ollama.host', DEFAULT_OLLAMA_HOST)
    .addHelpText('after', '\nExamples:\n  harombe init                 ask before using the recommended model\n  harombe init -y --model qwen2.5:7b\n  harombe init --force         start over with a fresh file');
  withConfigOption(command);
  command.action(async (_options: unknown, self: Command) => {
    await runInit(self.optsWithGlobals<InitOptions>(), dependencies);
  });
  return command;
}

export async function runInit(options: InitOptions, overrides: Partial<InitDependencies> = {}): Promise<void> {
  const dependencies: InitDependencies = {
    detect: () => detectHardware(),
    fetch: globalThis.fetch,
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    env: process.env,
    ...overrides,
  };
  const print = (line = '') => dependencies.output.write(`${line}\n`);
  const path = configPath(options.config, dependencies.env);
  const ollamaHost = options.ollamaHost ?? DEFAULT_OLLAMA_HOST;

  // Check everything the person typed before detecting or writing anything.
  if (options.model !== undefined && !isPlausibleModelName(options.model)) {
    throw new CliError(`--model "${options.model}" is not an Ollama model name`, EXIT_USAGE, 'Use a name as `ollama list` shows it, e.g. --model qwen2.5:7b.');
  }
  if (!ollamaConfigSchema.shape.host.safeParse(ollamaHost).success) {
    throw new CliError(`--ollama-host "${ollamaHost}" is not an http(s) URL`, EXIT_USAGE, 'Give the full address, e.g. --ollama-host http://192.168.1.20:11434.');
  }
  const existing = await readExisting(path);
  if (existing !== null && !options.force) {
    throw new CliError(
      `${path} already exists; init leaves it as it is`,
      EXIT_FAILURE,
      `Run \`harombe init --force\` to replace it (the current file is kept as ${basename(path)}.bak), or edit it by hand.`,
    );
  }

  const profile = await dependencies.detect();
  const recommendation = recommendModel(profile);
  print('Detected this machine:');
  for (const line of describeHardware(profile)) print(`  ${line}`);
  print();
  print(`Recommended model: ${recommendation.model}`);
  print(`  why: ${recommendation.reason}`);
  print();

  let model = recommendation.model;
  if (options.model !== undefined) {
    model = options.model;
    print(`Using ${model} (from --model).`);
  } else if (dependencies.interactive && !options.nonInteractive) {
    model = await askForModel({ recommended: recommendation.model, input: dependencies.input, output: dependencies.output });
  }
  const modelNote =
    model === recommendation.model ? `Recommended by init: ${recommendation.reason}` : `Chosen by you; init recommended ${recommendation.model}: ${recommendation.reason}`;

  let text: string;
  try {
    text = starterConfig({ model, ollamaHost, modelNote });
  } catch (error) {
    // Unreachable with the checks above; kept so a future option can never write a file harombe then refuses to load.
    if (error instanceof ConfigTextError) throw new CliError(`init would write an invalid config (${error.message})`, EXIT_FAILURE, 'Please report this as a harombe bug.');
    throw error;
  }
  if (existing !== null) {
    const backup = `${path}.bak`;
    // The old file may hold an auth token: the backup is as private as the original.
    await writeFileAtomic(backup, existing, { mode: CONFIG_FILE_MODE });
    print(`Kept the previous file as ${backup}`);
  }
  await writeFileAtomic(path, text, { mode: CONFIG_FILE_MODE });
  print(`Wrote ${path} (model.name: ${model})`);
  print();

  const readiness = await checkOllama({ host: ollamaHost, model, fetch: dependencies.fetch });
  print(describeReadiness(readiness, model));
  const harombe = harombeCommand(dependencies.env);
  const chatCommand = options.config ? `${harombe} chat --config ${shellQuote(path)}` : `${harombe} chat`;
  const steps = nextSteps(readiness, model, chatCommand);
  print('Next:');
  steps.forEach((step, index) => print(`  ${index + 1}. ${step}`));
}

/** The current file's text, or null when there is none; anything else (a folder, no permission) stops init. */
async function readExisting(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new CliError(`cannot use ${path} as the config file (${code ?? String(error)})`, EXIT_FAILURE, 'Pick another file with --config FILE.');
  }
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
