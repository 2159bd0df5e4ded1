// Runs one process in its own process group: interleaved, capped output; the whole group killed on timeout or cancel.
import { spawn as nodeSpawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { CappedOutput, DEFAULT_OUTPUT_LIMIT_BYTES } from './output-cap';

export type SpawnProcess = (program: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface RunCommandOptions {
  program: string;
  args: readonly string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  outputLimitBytes?: number;
  /** How long SIGTERM gets before SIGKILL. */
  killGraceMs?: number;
  /** After the main process exits, how long its leftovers may keep the output open before they are killed. */
  drainMs?: number;
  spawn?: SpawnProcess;
}

export interface CommandOutcome {
  /** null when the process was killed or never started. */
  exitCode: number | null;
  /** Why it did not finish on its own, if it did not. */
  stopped?: 'timeout' | 'cancelled';
  /** Set when the process could not be started at all. */
  startError?: string;
  output: string;
  totalBytes: number;
  droppedBytes: number;
}

export const DEFAULT_KILL_GRACE_MS = 2000;
const DEFAULT_DRAIN_MS = 250;

/** Signals the whole process group, so children and grandchildren go too; a group already gone is fine. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // ESRCH: every member has already exited.
  }
}

export function runCommand(options: RunCommandOptions): Promise<CommandOutcome> {
  const spawn = options.spawn ?? nodeSpawn;
  const output = new CappedOutput(options.outputLimitBytes ?? DEFAULT_OUTPUT_LIMIT_BYTES);
  const killGraceMs = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;

  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ exitCode: null, stopped: 'cancelled', output: '', totalBytes: 0, droppedBytes: 0 });
      return;
    }
    let stopped: CommandOutcome['stopped'];
    let exitCode: number | null = null;
    let settled = false;
    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, action: () => void): void => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        action();
      }, ms);
      timers.add(timer);
    };

    // detached: the child leads a new process group (and session, so it has no terminal to type into).
    const child = spawn(options.program, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });

    const stop = (why: NonNullable<CommandOutcome['stopped']>): void => {
      if (stopped || settled) return;
      stopped = why;
      signalGroup(child, 'SIGTERM');
      later(killGraceMs, () => signalGroup(child, 'SIGKILL'));
    };
    const onAbort = (): void => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    later(options.timeoutMs, () => stop('timeout'));

    const finish = (outcome: Partial<CommandOutcome>): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // Nothing the command started outlives it (a `server &` included).
      signalGroup(child, 'SIGKILL');
      resolve({
        exitCode,
        ...(stopped ? { stopped } : {}),
        ...outcome,
        output: output.toString(),
        totalBytes: output.totalBytes,
        droppedBytes: output.droppedBytes,
      });
    };

    // Both streams feed one buffer in arrival order, as a terminal would show them.
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish({ exitCode: null, startError: `could not start ${options.program} in ${options.cwd} (${error.code ?? error.message})` });
    });
    child.on('exit', (code) => {
      exitCode = code;
      // A background child may still hold the output pipes open; give it a moment to flush, then end it.
      later(options.drainMs ?? DEFAULT_DRAIN_MS, () => signalGroup(child, 'SIGKILL'));
    });
    child.on('close', () => finish({}));
  });
}
