// Runs the built `harombe` CLI (bin/harombe.js → out/cli/harombe.mjs) as a user would, with its own HAROMBE_HOME.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  home: string;
  cwd?: string;
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

const BIN = join(process.cwd(), 'bin', 'harombe.js');

export async function makeHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'harombe-home-'));
}

/** Points HAROMBE_HOME at `home` (for a runtime run in-process) and returns what puts the previous value back. */
export function pointHarombeHomeAt(home: string): () => void {
  const previous = process.env['HAROMBE_HOME'];
  process.env['HAROMBE_HOME'] = home;
  return () => {
    if (previous === undefined) delete process.env['HAROMBE_HOME'];
    else process.env['HAROMBE_HOME'] = previous;
  };
}

/** The environment a CLI child gets: its own home, no colour, a shared compile cache; nothing else leaks in. */
export function cliEnvironment(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    HAROMBE_HOME: home,
    NODE_COMPILE_CACHE: join(tmpdir(), 'harombe-test-compile-cache'),
    NO_COLOR: '1',
    ...extra,
  };
}

export function runCli(args: string[], options: RunCliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? options.home,
      env: cliEnvironment(options.home, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
