// Runs the server in this process (foreground) until SIGINT/SIGTERM, leaving the pid record while it runs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../main/config';
import { HarombeRuntime } from '../../main/runtime';
import { CliError, EXIT_FAILURE } from '../cli-error';
import { asInvoked } from '../invocation';
import { logFilePath, removeServerRecord, writeServerRecord } from './server-record';

export interface StartOptions {
  configPath: string;
  host?: string;
  port?: number;
  detachedChild?: boolean;
}

/** The built renderer beside the CLI bundle (out/cli → out/renderer), when it has been built. */
function rendererRoot(): string | undefined {
  const root = fileURLToPath(new URL('../renderer/', import.meta.url));
  return existsSync(`${root}index.html`) ? root : undefined;
}

export function explainStartFailure(error: unknown): CliError {
  if (error instanceof ConfigError) {
    const file = error.problems[0]?.file ?? 'the config';
    return new CliError(
      `${file} is not a valid harombe config (${error.countProblems()}):\n${error.describe()}`,
      EXIT_FAILURE,
      'Fix the config (`harombe config validate` shows every problem), then start again.',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: unknown } | undefined)?.hint;
  return new CliError(`cannot start harombe: ${message}`, EXIT_FAILURE, typeof hint === 'string' ? hint : undefined);
}

/** How long a stopped harombe may take to wind down before it is ended anyway. */
const EXIT_GRACE_MS = 3_000;

/**
 * The last resort after harombe stopped (or could not start): stopping leaves no timer or socket behind, but should
 * something still hold the process, end it anyway, naming what was left, rather than linger idle. Unref'd: it never
 * keeps the process alive itself.
 */
function exitSoonIfStillAlive(): void {
  setTimeout(() => {
    const counts = new Map<string, number>();
    for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const left = [...counts].map(([kind, count]) => (count > 1 ? `${kind} ×${count}` : kind)).join(', ');
    console.error(`warning: harombe stopped, but something still held the process (${left}); exiting anyway.`);
    process.exit(process.exitCode ?? 0);
  }, EXIT_GRACE_MS).unref();
}

export async function runServerInForeground(options: StartOptions): Promise<void> {
  const webRoot = rendererRoot();
  let runtime: HarombeRuntime | undefined;
  let status: Awaited<ReturnType<HarombeRuntime['start']>>;
  // What harombe says while it runs (its model server down) reads like its start-up warnings, after the banner.
  let held: string[] | undefined = [];
  const say = (line: string, print: (line: string) => void) => (held ? held.push(line) : print(line));
  const release = () => {
    for (const line of held ?? []) (line.startsWith('warning: ') ? console.error : console.log)(line);
    held = undefined;
  };
  const logger = {
    info: (message: string) => say(message, console.log),
    warn: (message: string) => say(`warning: ${asInvoked(message)}`, console.error),
    error: (message: string) => console.error(message),
  };
  try {
    runtime = await HarombeRuntime.create({
      configPath: options.configPath,
      ...(options.host ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(webRoot ? { rendererRoot: webRoot } : {}),
      logger,
    });
    for (const warning of runtime.warnings) console.error(`warning: ${asInvoked(warning)}`);
    status = await runtime.start();
  } catch (error) {
    // What started before the failure (a cluster's health checks) must not keep a harombe that cannot serve alive.
    await runtime?.dispose({ graceDeadlineMs: 0 }).catch(() => undefined);
    release();
    exitSoonIfStillAlive();
    throw explainStartFailure(error);
  }
  const running = runtime;
  await writeServerRecord({
    pid: process.pid,
    url: status.url,
    config: options.configPath,
    started_at: new Date().toISOString(),
    ...(options.detachedChild ? { log: logFilePath() } : {}),
  });
  console.log(`harombe ${__HAROMBE_VERSION__} is listening on ${status.url} (model ${status.model})`);
  // The sign-in link carries the local token, as Jupyter's does: the page keeps it for the tab and drops it from the address bar.
  console.log(webRoot ? `  web UI   ${status.signInUrl}` : '  web UI   not built (run `npm run build` to serve it here)');
  console.log(`  try      curl ${status.url}/health`);
  if (!options.detachedChild) console.log('Press Ctrl-C to stop.');
  release();

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error('Stopping now, without waiting.');
        process.exit(1);
      }
      stopping = true;
      console.log(`\n${signal}: stopping (running answers get up to 10 s to finish)…`);
      void running
        .dispose({ graceDeadlineMs: 10_000 })
        .catch((error: unknown) => console.error(`warning: harombe did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`))
        .then(() => removeServerRecord())
        .catch(() => undefined)
        .then(() => {
          console.log('harombe stopped.');
          exitSoonIfStillAlive();
          resolve();
        });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
