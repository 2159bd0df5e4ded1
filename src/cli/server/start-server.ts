// Runs the server in this process (foreground) until SIGINT/SIGTERM, leaving the pid record while it runs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../main/config';
import { HarombeRuntime } from '../../main/runtime';
import { CliError, EXIT_FAILURE } from '../cli-error';
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
    return new CliError(`${error.describe()}`, EXIT_FAILURE, 'Fix the config (`harombe config validate` shows every problem), then start again.');
  }
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: unknown } | undefined)?.hint;
  return new CliError(`cannot start harombe: ${message}`, EXIT_FAILURE, typeof hint === 'string' ? hint : undefined);
}

export async function runServerInForeground(options: StartOptions): Promise<void> {
  const webRoot = rendererRoot();
  let runtime: HarombeRuntime;
  let status: Awaited<ReturnType<HarombeRuntime['start']>>;
  try {
    runtime = await HarombeRuntime.create({
      configPath: options.configPath,
      ...(options.host ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(webRoot ? { rendererRoot: webRoot } : {}),
    });
    for (const warning of runtime.warnings) console.error(`warning: ${warning}`);
    status = await runtime.start();
  } catch (error) {
    throw explainStartFailure(error);
  }
  await writeServerRecord({
    pid: process.pid,
    url: status.url,
    config: options.configPath,
    started_at: new Date().toISOString(),
    ...(options.detachedChild ? { log: logFilePath() } : {}),
  });
  console.log(`harombe ${__HAROMBE_VERSION__} is listening on ${status.url} (model ${status.model})`);
  console.log(webRoot ? `  web UI   ${status.url}/` : '  web UI   not built (run `npm run build` to serve it here)');
  console.log(`  try      curl ${status.url}/health`);
  if (!options.detachedChild) console.log('Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error('Stopping now, without waiting.');
        process.exit(1);
      }
      stopping = true;
      console.log(`\n${signal}: stopping (running answers get up to 10 s to finish)…`);
      void runtime
        .stop({ graceDeadlineMs: 10_000 })
        .finally(() => removeServerRecord())
        .then(() => {
          console.log('harombe stopped.');
          resolve();
        });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
