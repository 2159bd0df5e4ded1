// `harombe start --detach`: the same server as a background process, logging to $HAROMBE_HOME/harombe.log.
import { spawn } from 'node:child_process';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError, EXIT_FAILURE } from '../cli-error';
import { logFilePath, readServerRecord, type ServerRecord } from './server-record';
import type { StartOptions } from './start-server';

const READY_TIMEOUT_MS = 30_000;

async function tail(path: string, lines = 15): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export async function startDetached(options: StartOptions): Promise<ServerRecord> {
  const log = logFilePath();
  await mkdir(dirname(log), { recursive: true });
  const output = await open(log, 'a', 0o600);
  const args = [process.argv[1]!, 'start', '--config', options.configPath];
  if (options.host) args.push('--host', options.host);
  if (options.port !== undefined) args.push('--port', String(options.port));
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', output.fd, output.fd],
    env: { ...process.env, HAROMBE_DETACHED_CHILD: '1', NO_COLOR: '1' },
  });
  await output.close();
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new CliError(`harombe exited during start-up (code ${exited}). The end of ${log}:\n${await tail(log)}`, EXIT_FAILURE);
    }
    const record = await readServerRecord();
    if (record && record.pid === child.pid) return record;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new CliError(`harombe did not answer within ${READY_TIMEOUT_MS / 1000} s (pid ${child.pid}). See ${log}.`, EXIT_FAILURE, 'Stop it with `harombe stop` once it is up.');
}
