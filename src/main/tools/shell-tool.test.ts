// The shell tool against the real /bin/sh (and real bubblewrap where it works): limits a user relies on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bubblewrapForTests } from '../../../test/support/bubblewrap';
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

/** Runs commands in `folder` (default: this test's workspace). */
function shell(options: Partial<ShellToolOptions> = {}, folder?: string) {
  const tool = createShellTool({ timeoutSeconds: 30, sandbox: 'none', ...options });
  return (command: string, signal: AbortSignal = new AbortController().signal) => tool.execute({ command }, { workspace: folder ?? workspace, signal });
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
    expect(await run('pwd')).toEqual({ ok: true, output: `${workspace}\n[exit code 0]`, exitCode: 0 });
    expect(await run('echo broken >&2; exit 3')).toEqual({ ok: false, output: 'broken\n[exit code 3]', exitCode: 3 });
    expect(await run('true')).toEqual({ ok: true, output: '(no output)\n[exit code 0]', exitCode: 0 });
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
    expect(result).toEqual({ ok: false, output: 'started\n[cancelled: the command and every process it started were killed]', exitCode: null });
    await vi.waitFor(() => expect(isRunning(child)).toBe(false), { timeout: 5000 });
  });

  it('ends background processes when the command itself is done', async () => {
    const result = await shell()('sleep 100 & echo $! > child.pid; echo done');
    expect(result).toEqual({ ok: true, output: 'done\n[exit code 0]', exitCode: 0 });
    const child = await pidFrom('child.pid');
    await vi.waitFor(() => expect(isRunning(child)).toBe(false), { timeout: 5000 });
  });

  it('caps 5 MB of output, keeping the head and the tail and saying how much was dropped', async () => {
    const { output } = await shell()('echo START; head -c 5000000 /dev/zero | tr "\\0" "m"; echo; echo END');
    expect(output.startsWith('START\nmmm')).toBe(true);
    expect(output.endsWith('mmm\nEND\n[exit code 0]')).toBe(true);
    // 5,000,011 bytes in, 32 KB kept: 16 KB from each end.
    expect(output).toContain('[… 5 MB (4968011 bytes) of output dropped here; the first and last 16 KB are kept …]');
    expect(Buffer.byteLength(output)).toBeLessThan(33_000);
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
const { detector: realDetector, skipReason } = await bubblewrapForTests('the shell tool inside bubblewrap');

/** A loopback HTTP server for the length of `use`, as harombe's own API would be. */
async function withLoopbackServer(use: (url: string) => Promise<void>): Promise<void> {
  const server = createServer((_request, response) => response.end('reachable'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    server.close();
  }
}

/** A command line that fetches `url` with this Node and prints the body, or `unreachable <code>`. */
const fetchCommand = (url: string) =>
  `"${process.execPath}" -e "fetch('${url}').then(r => r.text()).then(t => console.log(t), e => console.log('unreachable', e.cause?.code ?? e.message))"`;

describe.skipIf(Boolean(skipReason))('shell inside bubblewrap', () => {
  const sandboxed = (options: Partial<ShellToolOptions> = {}, folder?: string) =>
    shell({ sandbox: 'bwrap' satisfies SandboxMode, detector: realDetector, ...options }, folder);

  it('cannot write outside the workspace, even as root', async () => {
    const probe = `/usr/local/harombe-probe-${process.pid}`;
    const touched = await sandboxed()(`touch ${probe}`);
    expect(touched.ok).toBe(false);
    expect(touched.output).toContain('Read-only file system');
    // Root keeps CAP_SYS_ADMIN in bwrap unless dropped; with it, a remount would undo the read-only bind.
    const remounted = await sandboxed()(`mount -o remount,rw / 2>&1; touch ${probe}`);
    expect(remounted.ok).toBe(false);
    expect(existsSync(probe)).toBe(false);
  });

  it('writes in the workspace, and has a private /tmp', async () => {
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

  it('kills the command and its children at the timeout', async () => {
    // A sleep length nothing else uses marks our processes; pids differ inside the PID namespace.
    const marker = `${1000 + (process.pid % 1000)}.${Date.now() % 100000}`;
    const result = await sandboxed({ timeoutSeconds: 1 })(`sleep ${marker} & sleep ${marker}`);
    expect(result.output).toContain('[stopped: still running after 1 s');
    await vi.waitFor(() => expect(processesMatching(`sleep\0${marker}`)).toEqual([]), { timeout: 5000 });
  });

  it('leaves no setsid grandchild behind, whether the command ends or times out', async () => {
    // setsid leaves the process group, so killing the group misses it; the PID namespace ending takes it along.
    const marker = `${2000 + (process.pid % 1000)}.${Date.now() % 100000}`;
    // The grandchild (its own session, outside the command's process group) says it runs before the shell goes on.
    const grandchild = (length: string, file: string) =>
      `setsid sh -c 'echo $$ > ${file}; exec sleep ${length}' & while [ ! -s ${file} ]; do sleep 0.01; done; echo started`;
    const ended = await sandboxed()(grandchild(marker, 'ended.sid'));
    expect(ended.output).toBe('started\n[exit code 0]');
    await vi.waitFor(() => expect(processesMatching(`sleep\0${marker}`)).toEqual([]), { timeout: 5000 });

    const timedOut = await sandboxed({ timeoutSeconds: 1 })(`${grandchild(`${marker}1`, 'timed-out.sid')}; sleep 100`);
    expect(timedOut.output).toContain('started\n[stopped: still running after 1 s');
    await vi.waitFor(() => expect(processesMatching(`sleep\0${marker}1`)).toEqual([]), { timeout: 5000 });
  });

  it("has no network by default: a server on the host's 127.0.0.1 (harombe's own API among them) is out of reach", async () => {
    await withLoopbackServer(async (url) => {
      const result = await sandboxed()(fetchCommand(url));
      expect(result.output).toBe('unreachable ECONNREFUSED\n[exit code 0]');
    });
  });

  it('keeps the network with tools.sandbox_network (loopback checked; package managers need it)', async () => {
    await withLoopbackServer(async (url) => {
      const result = await sandboxed({ network: true })(fetchCommand(url));
      expect(result.output).toBe('reachable\n[exit code 0]');
    });
  });

  // Outside /tmp, as ~/.harombe is: the private /tmp would hide a home under it anyway.
  let outside: string;
  beforeEach(async () => {
    outside = await realpath(await mkdtemp('/var/tmp/harombe-shell-'));
  });
  afterEach(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it("hides harombe's home (token, config, conversations) while a workspace inside it stays visible and writable", async () => {
    const home = join(outside, 'home');
    const inside = join(home, 'workspace');
    await mkdir(join(home, 'conversations'), { recursive: true });
    await mkdir(inside);
    await writeFile(join(home, 'local-token'), 'token-leaked');
    await writeFile(join(home, 'harombe.yaml'), 'server:\n  auth_token: yaml-leaked\n');
    await writeFile(join(home, 'conversations', 'c1.json'), '{"title":"conversation-leaked"}');
    const elsewhere = join(outside, 'etc', 'harombe.yaml');
    await mkdir(join(outside, 'etc'));
    await writeFile(elsewhere, 'server:\n  auth_token: config-elsewhere-leaked\n');

    const run = sandboxed({ hiddenPaths: [home, elsewhere] }, inside);
    const result = await run(`ls -A ${home}; cat ${home}/local-token ${home}/harombe.yaml ${home}/conversations/c1.json ${elsewhere} 2>&1; echo made > made.txt; cat made.txt; pwd`);
    expect(result.output).not.toMatch(/leaked/);
    expect(result.output).toMatch(/^workspace\n/);
    expect(result.output).toContain(`cat: ${home}/local-token: No such file or directory`);
    expect(result.output).toMatch(new RegExp(`made\n${inside}\n\\[exit code 0\\]$`));
    expect(await readFile(join(inside, 'made.txt'), 'utf8')).toBe('made\n');
  });

  it('hides a home inside the workspace (a workspace of ~ with ~/.harombe in it)', async () => {
    const home = join(workspace, '.harombe');
    await mkdir(home);
    await writeFile(join(home, 'local-token'), 'token-leaked');
    const result = await sandboxed({ hiddenPaths: [home] })('cat .harombe/local-token 2>&1; echo made > made.txt && echo written');
    expect(result.output).not.toContain('leaked');
    expect(result.output).toContain('written');
    expect(await readFile(join(home, 'local-token'), 'utf8')).toBe('token-leaked');
  });

  it("refuses to run in a workspace that is harombe's home itself", async () => {
    const result = await sandboxed({ hiddenPaths: [workspace] })('touch should-not-exist');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^shell refused to run: the workspace .* is harombe's own folder/);
    expect(existsSync(join(workspace, 'should-not-exist'))).toBe(false);
  });
});
