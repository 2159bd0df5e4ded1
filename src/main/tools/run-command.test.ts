// runCommand on its own, with the real /bin/sh: what a command meets (no stdin, its output capped, a chance to clean up
// when stopped) and what harombe is left with afterwards (no timer, no listener, no process).
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_OUTPUT_LIMIT_BYTES } from './output-cap';
import { runCommand, type RunCommandOptions } from './run-command';

let cwd: string;
beforeEach(async () => {
  cwd = await realpath(await mkdtemp(join(tmpdir(), 'harombe-run-')));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(cwd, { recursive: true, force: true });
});

/** Alive means running: a zombie has already died and only waits to be collected. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const sh = (script: string, options: Partial<RunCommandOptions> = {}) =>
  runCommand({ program: '/bin/sh', args: ['-c', script], cwd, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, timeoutMs: 20_000, ...options });

describe('runCommand', () => {
  it('gives a command no input: one that reads stdin ends at once instead of waiting', async () => {
    expect(await sh('cat; echo "read to the end"')).toMatchObject({ exitCode: 0, output: 'read to the end\n' });
  });

  it('runs without a cancel signal, and does not start at all when the turn is already cancelled', async () => {
    expect(await sh('echo hi')).toEqual({ exitCode: 0, output: 'hi\n', totalBytes: 3, droppedBytes: 0 });
    const controller = new AbortController();
    controller.abort();
    expect(await sh('echo started > started.txt', { signal: controller.signal })).toEqual({ exitCode: null, stopped: 'cancelled', output: '', totalBytes: 0, droppedBytes: 0 });
    expect(await sh('ls')).toMatchObject({ output: '' });
  });

  it('says what could not be started, and where', async () => {
    const outcome = await runCommand({ program: join(cwd, 'no-such-program'), args: [], cwd, env: {}, timeoutMs: 20_000 });
    expect(outcome).toMatchObject({ exitCode: null, startError: `could not start ${join(cwd, 'no-such-program')} in ${cwd} (ENOENT)`, output: '' });
  });

  it('keeps 32 KB of output unless told otherwise', async () => {
    const outcome = await sh(`head -c ${DEFAULT_OUTPUT_LIMIT_BYTES + 8_000} /dev/zero`);
    expect(outcome).toMatchObject({ totalBytes: DEFAULT_OUTPUT_LIMIT_BYTES + 8_000, droppedBytes: 8_000 });
  });

  it('asks a command to stop (SIGTERM) before killing it, so it can clean up, within the default grace', async () => {
    const outcome = await sh(`trap 'sleep 0.2; echo cleaning up; exit 3' TERM; echo ready; while :; do sleep 0.05; done`, { timeoutMs: 300 });
    // It ended itself, with its own exit code, rather than being killed (null).
    expect(outcome).toMatchObject({ stopped: 'timeout', exitCode: 3 });
    expect(outcome.output).toMatch(/^ready\n(.*\n)?cleaning up\n$/);
  });

  it('does not wait for the timeout when a background job keeps the output open after the command ends', async () => {
    const outcome = await sh('sleep 30 & echo started', { timeoutMs: 15_000 });
    expect(outcome).toEqual({ exitCode: 0, output: 'started\n', totalBytes: 8, droppedBytes: 0 });
  });

  it('leaves no timer behind once the command has ended, so harombe can exit at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const controller = new AbortController();
    expect(await sh('true', { signal: controller.signal })).toMatchObject({ exitCode: 0 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends a background job that ignores SIGTERM and holds the output open, without waiting for the timeout', async () => {
    const outcome = await sh(`trap '' TERM; sleep 30 & echo started`, { timeoutMs: 15_000 });
    expect(outcome).toEqual({ exitCode: 0, output: 'started\n', totalBytes: 8, droppedBytes: 0 });
  });

  it('leaves no process behind, even one that ignores SIGTERM and writes nowhere', async () => {
    const outcome = await sh(`trap '' TERM; sleep 30 >/dev/null 2>&1 & echo $! > job.pid; echo started`);
    expect(outcome).toMatchObject({ exitCode: 0, output: 'started\n' });
    const pid = Number(readFileSync(join(cwd, 'job.pid'), 'utf8'));
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false), { timeout: 5000 });
  });

  it('reports a command stopped at the timeout as timed out, even when the turn is cancelled during its grace', async () => {
    const controller = new AbortController();
    const outcome = sh(`trap 'echo term > term.txt' TERM; while :; do sleep 0.05; done`, { timeoutMs: 200, killGraceMs: 1_000, signal: controller.signal });
    await vi.waitFor(() => expect(existsSync(join(cwd, 'term.txt'))).toBe(true), { timeout: 5000 });
    controller.abort();
    expect(await outcome).toMatchObject({ stopped: 'timeout', exitCode: null });
  });
});
