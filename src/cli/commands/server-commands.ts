// `harombe start [--detach]`, `harombe stop` and `harombe status`: run, end and inspect the API server.
import type { Command } from 'commander';
import { configPath } from '../../main/config';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../cli-error';
import { asInvoked, harombeCommand } from '../invocation';
import { withConfigOption, type GlobalOptions } from '../program';
import { configuredUrl, signInUrl } from '../server/locate-server';
import { checkPort } from '../../main/server/port-check';
import { isAlive, readServerRecord, removeServerRecord, type ServerRecord } from '../server/server-record';
import { startDetached } from '../server/start-detached';
import { runServerInForeground } from '../server/start-server';

/** Exit code of `harombe status` when no server runs (as LSB init scripts and systemctl do). */
export const EXIT_NOT_RUNNING = 3;
const STOP_DEADLINE_MS = 15_000;

interface StartCommandOptions extends GlobalOptions {
  detach?: boolean;
  host?: string;
  port?: string;
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port ${value} is not a port (0-65535)`, EXIT_USAGE);
  return port;
}

function formatUptime(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0 ? `${hours} h ${minutes} min` : minutes > 0 ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}

async function start(options: StartCommandOptions, command: Command): Promise<void> {
  const path = configPath(command.optsWithGlobals<GlobalOptions>().config);
  const port = parsePort(options.port);
  const running = await readServerRecord();
  if (running && running.pid !== process.pid) {
    throw new CliError(`harombe is already running (pid ${running.pid}, ${running.url})`, EXIT_FAILURE, 'Stop it with `harombe stop`, or see it with `harombe status`.');
  }
  const startOptions = { configPath: path, ...(options.host ? { host: options.host } : {}), ...(port !== undefined ? { port } : {}) };
  if (options.detach) {
    const record = await startDetached(startOptions);
    const webUi = await signInUrl(record.url);
    console.log(`harombe is running in the background (pid ${record.pid}) at ${record.url}`);
    if (webUi) console.log(`  web UI  ${webUi}`);
    console.log(`  logs    ${record.log ?? 'harombe.log'}`);
    console.log(`  stop    ${harombeCommand()} stop`);
    return;
  }
  await runServerInForeground({ ...startOptions, detachedChild: process.env['HAROMBE_DETACHED_CHILD'] === '1' });
}

async function waitForExit(pid: number, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/** A server without a record (started in the foreground from another harombe home) that answers on loopback. */
async function findUnrecorded(path: string): Promise<{ pid: number; url: string } | undefined> {
  const url = await configuredUrl(path);
  const probe = await checkPort(url);
  if (probe.state !== 'harombe' || !probe.health.pid) return undefined;
  const host = new URL(url).hostname;
  const local = host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  return local && isAlive(probe.health.pid) ? { pid: probe.health.pid, url } : undefined;
}

async function stop(command: Command): Promise<void> {
  const path = configPath(command.optsWithGlobals<GlobalOptions>().config);
  const target: Pick<ServerRecord, 'pid' | 'url'> | undefined = (await readServerRecord()) ?? (await findUnrecorded(path));
  if (!target) {
    console.log('harombe is not running.');
    return;
  }
  console.log(`Stopping harombe (pid ${target.pid}, ${target.url})…`);
  process.kill(target.pid, 'SIGTERM');
  if (await waitForExit(target.pid, STOP_DEADLINE_MS)) {
    console.log('harombe stopped.');
    return;
  }
  process.kill(target.pid, 'SIGKILL');
  await waitForExit(target.pid, 2000);
  await removeServerRecord(target.pid);
  throw new CliError(`harombe did not stop within ${STOP_DEADLINE_MS / 1000} s and was killed (pid ${target.pid})`, EXIT_FAILURE);
}

async function status(options: { json?: boolean }, command: Command): Promise<void> {
  const path = configPath(command.optsWithGlobals<GlobalOptions>().config);
  const record = await readServerRecord();
  const url = record?.url ?? (await configuredUrl(path));
  const probe = await checkPort(url);
  const running = probe.state === 'harombe';
  const report = {
    running,
    url,
    pid: running ? (probe.health.pid ?? record?.pid) : record?.pid,
    model: running ? probe.health.model : undefined,
    /** healthy, or degraded: it runs but its model server cannot answer (why, and the fix, in model_server). */
    status: running ? probe.health.status : undefined,
    model_server: running ? probe.health.model_server : undefined,
    version: running ? probe.health.version : undefined,
    node: running ? probe.health.node : undefined,
    uptime_seconds: running ? probe.health.uptime_seconds : undefined,
    started_at: record?.started_at,
    log: record?.log,
    config: record?.config ?? path,
  };
  if (options.json) console.log(JSON.stringify(report));
  else if (running) {
    console.log(`harombe is running at ${url}`);
    if (report.pid) console.log(`  pid      ${report.pid}`);
    console.log(`  model    ${report.model}`);
    if (report.status === 'degraded') {
      // Running is not answering: say so here, not only in the log nobody reads.
      console.log(`  status   degraded: ${report.model_server?.error ?? 'its model server cannot answer'}`);
      if (report.model_server?.hint) console.log(`           ${report.model_server.hint}`);
    }
    console.log(`  version  ${report.version}`);
    if (report.uptime_seconds !== undefined) console.log(`  uptime   ${formatUptime(report.uptime_seconds)}`);
    console.log(`  config   ${report.config}`);
    if (report.log) console.log(`  logs     ${report.log}`);
    const webUi = await signInUrl(url);
    if (webUi) console.log(`  web UI   ${webUi}`);
  } else if (record) {
    console.log(`harombe (pid ${record.pid}) is running but does not answer at ${url}${probe.state === 'other' ? ` (${probe.detail})` : ''}.`);
  } else {
    console.log(probe.state === 'other' ? `harombe is not running; something else answers at ${url} (${probe.detail}).` : `harombe is not running (nothing answers at ${url}).`);
    console.log(asInvoked('  start it with `harombe start` (or `harombe start --detach` to run it in the background)'));
  }
  if (!running) process.exitCode = record ? EXIT_FAILURE : EXIT_NOT_RUNNING;
}

export function registerServerCommands(program: Command): void {
  withConfigOption(program.command('start'))
    .description('run the API server (REST + SSE + OpenAI-compatible /v1, and the web UI)')
    .option('-d, --detach', 'run in the background; logs go to $HAROMBE_HOME/harombe.log')
    .option('--host <address>', 'listen on this address instead of server.host')
    .option('--port <port>', 'listen on this port instead of server.port (0 picks a free one)')
    .addHelpText('after', '\nExamples:\n  harombe start                 in the foreground; Ctrl-C stops it\n  harombe start --detach        in the background; `harombe stop` stops it\n  curl http://localhost:8000/health')
    .action((options: StartCommandOptions, command: Command) => start(options, command));
  withConfigOption(program.command('stop'))
    .description('stop the running server (answers in progress get 10 s to finish)')
    .addHelpText('after', '\nExample:\n  harombe stop')
    .action((_options: GlobalOptions, command: Command) => stop(command));
  withConfigOption(program.command('status'))
    .description('is the server running? pid, address, model, uptime (exit code 3 when it is not)')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExample:\n  harombe status && echo up')
    .action((options: { json?: boolean }, command: Command) => status(options, command));
}
