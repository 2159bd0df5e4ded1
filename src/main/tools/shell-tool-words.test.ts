// The shell tool's words, with a stand-in process and sandbox detector: what the model is told, what each ending reads.
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WorkspaceHiddenError } from './bubblewrap-confinement';
import type { SpawnProcess } from './run-command';
import { SandboxUnavailableError } from './sandbox';
import type { SandboxDetector, SandboxStatus } from './sandbox';
import { createShellTool } from './shell-tool';
import type { ShellToolOptions } from './shell-tool';
import type { ToolResult } from './tool';

interface Spawned {
  program: string;
  args: readonly string[];
  cwd: string | undefined;
  env: NodeJS.ProcessEnv | undefined;
}

/** A process that writes `output`, then exits with `code` (or fails to start with `startError`). No pid: nothing to signal. */
function standInSpawn(script: { output?: string; code?: number | null; startError?: NodeJS.ErrnoException }): { spawn: SpawnProcess; spawned: Spawned[] } {
  const spawned: Spawned[] = [];
  const spawn: SpawnProcess = (program, args, options) => {
    spawned.push({ program, args, cwd: options.cwd?.toString(), env: options.env });
    const child = new EventEmitter() as ChildProcess;
    const stdout = new PassThrough();
    Object.assign(child, { stdout, stderr: new PassThrough(), pid: undefined });
    setImmediate(() => {
      if (script.startError) {
        child.emit('error', script.startError);
        return;
      }
      stdout.end(script.output ?? '', () => {
        child.emit('exit', script.code === undefined ? 0 : script.code);
        child.emit('close');
      });
    });
    return child;
  };
  return { spawn, spawned };
}

/** A detector that answers `status` (or throws it), recording what it was asked. */
function standInDetector(status: SandboxStatus | Error): { detector: SandboxDetector; asked: unknown[] } {
  const asked: unknown[] = [];
  const detector = {
    detect: async (mode: string, request: unknown) => {
      asked.push({ mode, request });
      if (status instanceof Error) throw status;
      return status;
    },
  } as unknown as SandboxDetector;
  return { detector, asked };
}

const unconfined: SandboxStatus = { mode: 'none', reason: 'none' };

let workspace: string;
beforeEach(async () => {
  workspace = await realpath(await mkdtemp(join(tmpdir(), 'harombe-shell-words-')));
});
afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

function run(options: Partial<ShellToolOptions>, command: string, signal = new AbortController().signal): Promise<ToolResult> {
  const tool = createShellTool({ timeoutSeconds: 30, sandbox: 'none', detector: standInDetector(unconfined).detector, ...options });
  return tool.execute(tool.inputSchema.parse({ command }), { workspace, signal });
}

describe('what the model is told of the shell tool', () => {
  it('says how it runs, its time limit and output cap, and that it needs approval', () => {
    const tool = createShellTool({ timeoutSeconds: 45, sandbox: 'none', outputLimitBytes: 8_000 });
    expect(tool.name).toBe('shell');
    expect(tool.dangerous).toBe(true);
    expect(tool.description).toBe(
      'Run a shell command (/bin/sh -c) in the workspace folder and return its output (stdout and stderr interleaved) and exit code. ' +
        'Not interactive: stdin is empty. Stopped after 45 s; output over 8 KB keeps its start and end. Needs the user\'s approval.',
    );
    expect(createShellTool({ timeoutSeconds: 30, sandbox: 'none' }).description).toContain('Stopped after 30 s; output over 32 KB keeps its start and end.');
  });

  it('shows the command itself on the approval, and will not take an empty one', () => {
    const tool = createShellTool({ timeoutSeconds: 30, sandbox: 'none' });
    expect(tool.describe(tool.inputSchema.parse({ command: '  git status  ' }))).toBe('git status');
    expect(tool.inputSchema.safeParse({ command: '   ' }).success).toBe(false);
    const schema = z.toJSONSchema(tool.inputSchema, { io: 'input' }) as unknown as { properties: { command: { description?: string } } };
    expect(schema.properties.command.description).toBe('The command line, run with /bin/sh -c in the workspace folder (e.g. "ls -la" or "git status")');
  });
});

describe('what a command\'s ending reads', () => {
  it('gives the output and the exit code, dropping only the last newline', async () => {
    const { spawn, spawned } = standInSpawn({ output: 'one\ntwo\n\n', code: 0 });
    expect(await run({ spawn }, 'printf')).toEqual({ ok: true, output: 'one\ntwo\n\n[exit code 0]', exitCode: 0 });
    expect(spawned).toEqual([{ program: '/bin/sh', args: ['-c', 'printf'], cwd: workspace, env: expect.any(Object) }]);
  });

  it('is not ok for a non-zero exit, and says "(no output)" when there was none', async () => {
    expect(await run({ spawn: standInSpawn({ output: '', code: 2 }).spawn }, 'false')).toEqual({ ok: false, output: '(no output)\n[exit code 2]', exitCode: 2 });
  });

  it('says a command killed by a signal was, with no exit code', async () => {
    expect(await run({ spawn: standInSpawn({ output: 'partial', code: null }).spawn }, 'kill -9 $$')).toEqual({
      ok: false,
      output: 'partial\n[killed by a signal]',
      exitCode: null,
    });
  });

  it('says why a command could not start at all', async () => {
    const missing = Object.assign(new Error('spawn /bin/sh ENOENT'), { code: 'ENOENT' });
    expect(await run({ spawn: standInSpawn({ startError: missing }).spawn }, 'ls')).toEqual({
      ok: false,
      output: `shell failed: could not start /bin/sh in ${workspace} (ENOENT)`,
    });
  });

  it('says a cancelled command and everything it started were killed', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await run({ spawn: standInSpawn({ output: 'x' }).spawn }, 'sleep 9', controller.signal)).toEqual({
      ok: false,
      output: '(no output)\n[cancelled: the command and every process it started were killed]',
      exitCode: null,
    });
  });

  it('names tools.shell_timeout in seconds when the time runs out, with no exit code', async () => {
    // The stand-in has no pid to signal; it closes itself after the 0 s deadline has passed, as a killed process would.
    const spawn: SpawnProcess = () => {
      const child = new EventEmitter() as ChildProcess;
      Object.assign(child, { stdout: new PassThrough(), stderr: new PassThrough(), pid: undefined });
      setTimeout(() => {
        child.emit('exit', null);
        child.emit('close');
      }, 20);
      return child;
    };
    expect(await run({ timeoutSeconds: 0, spawn, killGraceMs: 0 }, 'sleep 9')).toEqual({
      ok: false,
      output: '(no output)\n[stopped: still running after 0 s (tools.shell_timeout), so the command and every process it started were killed]',
      exitCode: null,
    });
  });
});

describe('the sandbox as the shell tool uses it', () => {
  it('asks the detector for the configured mode and network, and runs through bwrap when it is there', async () => {
    const { detector, asked } = standInDetector({ mode: 'bwrap', reason: 'works', executable: '/opt/bin/bwrap' });
    const { spawn, spawned } = standInSpawn({ output: 'hi\n' });
    const hidden = join(workspace, '.harombe');
    await mkdir(hidden);
    await run({ sandbox: 'bwrap', network: true, hiddenPaths: [hidden], detector, spawn }, 'echo hi');
    expect(asked).toEqual([{ mode: 'bwrap', request: { network: true } }]);
    expect(spawned[0]?.program).toBe('/opt/bin/bwrap');
    const args = spawned[0]?.args ?? [];
    expect(args.slice(-4)).toEqual(['--', '/bin/sh', '-c', 'echo hi']);
    // With the network kept, no --unshare-net; the hidden home covered by an empty folder.
    expect(args).not.toContain('--unshare-net');
    expect(args.join(' ')).toContain(`--bind ${workspace} ${workspace}`);
    expect(args.join(' ')).toContain(`--tmpfs ${hidden}`);
  });

  it('cuts the network by default', async () => {
    const { detector, asked } = standInDetector({ mode: 'bwrap', reason: 'works', executable: '/usr/bin/bwrap' });
    const { spawn, spawned } = standInSpawn({});
    await run({ sandbox: 'auto', detector, spawn }, 'true');
    expect(asked).toEqual([{ mode: 'auto', request: { network: false } }]);
    expect(spawned[0]?.args).toContain('--unshare-net');
  });

  it('refuses to run, in words, when the sandbox is required but missing or the workspace is harombe\'s own', async () => {
    const { spawn, spawned } = standInSpawn({});
    const missing = standInDetector(new SandboxUnavailableError('tools.sandbox is bwrap but bubblewrap is not installed (apt install bubblewrap)'));
    expect(await run({ sandbox: 'bwrap', detector: missing.detector, spawn }, 'ls')).toEqual({
      ok: false,
      output: 'shell refused to run: tools.sandbox is bwrap but bubblewrap is not installed (apt install bubblewrap)',
    });
    const own = standInDetector(new WorkspaceHiddenError(workspace));
    expect((await run({ sandbox: 'bwrap', detector: own.detector, spawn }, 'ls')).output).toBe(`shell refused to run: ${new WorkspaceHiddenError(workspace).message}`);
    expect(spawned).toEqual([]);
  });

  it('lets an unexpected failure of the detector through rather than calling it a refusal', async () => {
    const broken = standInDetector(new Error('probe crashed'));
    await expect(run({ sandbox: 'auto', detector: broken.detector, spawn: standInSpawn({}).spawn }, 'ls')).rejects.toThrow('probe crashed');
  });

  it('hands the command a scrubbed environment, without the secrets harombe was given', async () => {
    const { spawn, spawned } = standInSpawn({});
    await run({ spawn, environment: { PATH: '/usr/bin', GITHUB_TOKEN: 'ghp_x', HAROMBE_NOTE: 'the-auth-token' }, secrets: ['the-auth-token'] }, 'env');
    expect(spawned[0]?.env).toEqual({ PATH: '/usr/bin' });
  });
});
