// The shell tool against the real /bin/sh (and real bubblewrap where it works): limits a user relies on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SandboxMode } from '../../shared';
import { SandboxDetector } from './sandbox';
import type { ShellToolOptions } from './shell-tool';
import { createShellTool } from './shell-tool';

let workspace: string;
beforeEach(async () => {
  workspace = await realpath(await mkdtemp(join(tmpdir(), 'harombe-shell-')));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

function shell(options: Partial<ShellToolOptions> = {}) {
  const tool = createShellTool({ timeoutSeconds: 30, sandbox: 'none', ...options });
  return (command: string, signal: AbortSignal = new AbortController().signal) => tool.execute({ command }, { workspace, signal });
}

/** Alive means running: a zombie has already died and only waits for its parent (init) to collect it. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function pidFrom(file: string): Promise<number> {
  await vi.waitFor(() => expect(existsSync(join(workspace, file))).toBe(true), { timeout: 5000 });
  const pid = Number((await readFile(join(workspace, file), 'utf8')).trim());
  expect(pid).toBeGreaterThan(1);
  return pid;
}

/** Processes whose command line contains `marker` (works across PID namespaces, unlike pids). */
function processesMatching(marker: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    });
}

describe('shell (no sandbox)', () => {
  it('runs in the workspace and reports output and exit code', async () => {
    const run = shell();
    expect(await run('pwd')).toEqual({ ok: true, output: `${workspace}\n[exit code 0]` });
    expect(await run('echo broken >&2; exit 3')).toEqual({ ok: false, output: 'broken\n[exit code 3]' });
    expect(await run('true')).toEqual({ ok: true, output: '(no output)\n[exit code 0]' });
  });

  it('interleaves stdout and stderr in the order they arrive', async () => {
    const { output } = await shell()('echo first; sleep 0.2; echo second >&2; sleep 0.2; echo third');
    expect(output).toBe('first\nsecond\nthird\n[exit code 0]');
  });

  it('kills the command and its children at the timeout', async () => {
    const run = shell({ timeoutSeconds: 1 });
    const result = await run('echo $$ > shell.pid; sleep 100 & echo $! > child.pid; sleep 100');
    expect(result.ok).toBe(false);
    expect(result.output).toContain('[stopped: still running after 1 s (tools.shell_timeout), so the command and every process it started were killed]');
    for (const pid of [await pidFrom('shell.pid'), await pidFrom('child.pid')]) {
      await vi.waitFor(() => expect(isRunning(pid)).toBe(false), { timeout: 5000 });
    }
  });

  it('follows SIGTERM with SIGKILL for a command that ignores it', async () => {
    const run = shell({ timeoutSeconds: 1, killGraceMs: 200 });
    const result = await run(`trap '' TERM; sleep 100 & echo $! > child.pid; wait`);
    expect(result.output).toContain('[stopped: still running after 1 s');
    const child = await pidFrom('child.pid');
    await vi.waitFor(() => expect(isRunning(child)).toBe(false), { timeout: 5000 });
  });

  it('kills a running command when the turn is cancelled', async () => {
    const controller = new AbortController();
    const running = shell()('echo started; sleep 100 & echo $! > child.pid; wait', controller.signal);
    const child = await pidFrom('child.pid');
    controller.abort();
    const result = await running;
    expect(result).toEqual({ ok: false, output: 'started\n[cancelled: the command and every process it started were killed]' });
    await vi.waitFor(() => expect(isRunning(child)).toBe(false), { timeout: 5000 });
  });

  it('ends background processes when the command itself is done', async () => {
    const result = await shell()('sleep 100 & echo $! > child.pid; echo done');
    expect(result).toEqual({ ok: true, output: 'done\n[exit code 0]' });
    const child = await pidFrom('child.pid');
    await vi.waitFor(() => expect(isRunning(child)).toBe(false), { timeout: 5000 });
  });

  it('caps 5 MB of output, keeping the head and the tail and saying how much was dropped', async () => {
    const { output } = await shell()('echo START; head -c 5000000 /dev/zero | tr "\\0" "m"; echo; echo END');
    expect(output.startsWith('START\nmmm')).toBe(true);
    expect(output.endsWith('mmm\nEND\n[exit code 0]')).toBe(true);
    // 5,000,011 bytes in, 32 KB kept: 16 KB from each end.
    expect(output).toContain('[… 4.7 MB (4967243 bytes) of output dropped here; the first and last 16 KB are kept …]');
    expect(Buffer.byteLength(output)).toBeLessThan(33 * 1024);
  });

  it('does not hand secrets to commands', async () => {
    const run = shell({
      environment: {
        PATH: process.env['PATH'],
        HOME: '/home/tester',
        LANG: 'C.UTF-8',
        GITHUB_TOKEN: 'ghp_leaked',
        OPENAI_API_KEY: 'sk-leaked',
        AWS_SECRET_ACCESS_KEY: 'aws-leaked',
        DB_PASSWORD: 'hunter2-leaked',
        HAROMBE_NODE: 'server-auth-token-leaked',
      },
      secrets: ['server-auth-token-leaked'],
    });
    const { output } = await run('env');
    expect(output).not.toMatch(/leaked/);
    expect(output).toContain('HOME=/home/tester');
    expect(output).toContain('LANG=C.UTF-8');
    expect(output).toMatch(/^PATH=/m);
  });

  it('refuses to run when bwrap is required but missing, naming the package', async () => {
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: async () => undefined });
    const result = await shell({ sandbox: 'bwrap', detector })('touch should-not-exist');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^shell refused to run: tools.sandbox is bwrap, but bubblewrap \(bwrap\) is not installed; install it with `apt-get install bubblewrap`/);
    expect(existsSync(join(workspace, 'should-not-exist'))).toBe(false);
  });
});

// The real probe, as `harombe doctor` would run it; the tests below need a working bubblewrap.
const realDetector = new SandboxDetector();
const bubblewrap = await realDetector.detect('auto');
const whyNoBubblewrap = `bubblewrap is not usable on this machine, so the sandbox cannot be tested: ${bubblewrap.reason}`;

describe('shell inside bubblewrap', () => {
  const sandboxed = (options: Partial<ShellToolOptions> = {}) => shell({ sandbox: 'bwrap' satisfies SandboxMode, detector: realDetector, ...options });

  it('cannot write outside the workspace, even as root', async (context) => {
    context.skip(bubblewrap.mode !== 'bwrap', whyNoBubblewrap);
    const probe = `/usr/local/harombe-probe-${process.pid}`;
    const touched = await sandboxed()(`touch ${probe}`);
    expect(touched.ok).toBe(false);
    expect(touched.output).toContain('Read-only file system');
    // Root keeps CAP_SYS_ADMIN in bwrap unless dropped; with it, a remount would undo the read-only bind.
    const remounted = await sandboxed()(`mount -o remount,rw / 2>&1; touch ${probe}`);
    expect(remounted.ok).toBe(false);
    expect(existsSync(probe)).toBe(false);
  });

  it('writes in the workspace, and has a private /tmp', async (context) => {
    context.skip(bubblewrap.mode !== 'bwrap', whyNoBubblewrap);
    const hostOnly = join(tmpdir(), `harombe-host-only-${process.pid}`);
    await writeFile(hostOnly, 'host');
    try {
      const result = await sandboxed()(`echo made > inside.txt; ls ${hostOnly} 2>&1; echo scratch > /tmp/sandbox-only-${process.pid}`);
      expect(result.output).toContain('No such file or directory');
      expect(await readFile(join(workspace, 'inside.txt'), 'utf8')).toBe('made\n');
      expect(existsSync(join(tmpdir(), `sandbox-only-${process.pid}`))).toBe(false);
    } finally {
      await rm(hostOnly, { force: true });
    }
  });

  it('kills the command and its children at the timeout', async (context) => {
    context.skip(bubblewrap.mode !== 'bwrap', whyNoBubblewrap);
    // A sleep length nothing else uses marks our processes; pids differ inside the PID namespace.
    const marker = `${1000 + (process.pid % 1000)}.${Date.now() % 100000}`;
    const result = await sandboxed({ timeoutSeconds: 1 })(`sleep ${marker} & sleep ${marker}`);
    expect(result.output).toContain('[stopped: still running after 1 s');
    await vi.waitFor(() => expect(processesMatching(`sleep\0${marker}`)).toEqual([]), { timeout: 5000 });
  });

  it('keeps the network on (loopback checked; web tools need it)', async (context) => {
    context.skip(bubblewrap.mode !== 'bwrap', whyNoBubblewrap);
    const server = createServer((_request, response) => response.end('reachable'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const script = `fetch('http://127.0.0.1:${port}/').then(r => r.text()).then(t => console.log(t))`;
      const result = await sandboxed()(`"${process.execPath}" -e "${script}"`);
      expect(result.output).toBe('reachable\n[exit code 0]');
    } finally {
      server.close();
    }
  });
});
