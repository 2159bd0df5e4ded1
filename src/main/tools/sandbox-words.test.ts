// The sandbox as a person meets it: the reasons and refusals in full, the bwrap arguments exactly, how bwrap is found
// on PATH and probed, and which of harombe's paths are hidden from a command.
import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bubblewrapConfinement, resolveHiddenPaths, WorkspaceHiddenError } from './bubblewrap-confinement';
import { defaultSandboxDetector, detectSandbox, findOnPath, runBubblewrapProbe, SandboxDetector, SandboxUnavailableError } from './sandbox';
import type { FindExecutable, RunProbe } from './sandbox';

const found: FindExecutable = async (name) => `/usr/bin/${name}`;
const missing: FindExecutable = async () => undefined;
const fails: RunProbe = async () => ({ ok: false, detail: 'bwrap: No permissions to creating new namespace' });

let folder: string;
const savedPath = process.env['PATH'];
beforeEach(async () => {
  folder = await realpath(await mkdtemp(join(tmpdir(), 'harombe-sandbox-')));
});
afterEach(async () => {
  process.env['PATH'] = savedPath;
  await rm(folder, { recursive: true, force: true });
});

describe('the sandbox in words', () => {
  it('gives each unconfined reason in full', async () => {
    expect((await new SandboxDetector({ platform: 'linux' }).detect('none')).reason).toBe(
      'tools.sandbox is none: shell commands run unconfined, with the workspace as their folder',
    );
    expect((await new SandboxDetector({ platform: 'win32' }).detect('auto')).reason).toBe(
      'bubblewrap only runs on Linux (this is win32): shell commands run unconfined, with the workspace as their folder',
    );
    expect((await new SandboxDetector({ platform: 'linux', findExecutable: missing }).detect('auto')).reason).toBe(
      'bubblewrap (bwrap) is not installed: shell commands run unconfined, with the workspace as their folder (install it with `apt-get install bubblewrap` (or your distribution\'s bubblewrap package) to confine them)',
    );
    expect((await new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe: fails }).detect('auto')).reason).toBe(
      'bubblewrap at /usr/bin/bwrap does not work here (bwrap: No permissions to creating new namespace): shell commands run unconfined, with the workspace as their folder',
    );
  });

  it('refuses bwrap mode when bubblewrap is there but broken: what failed, and what to do', async () => {
    const error = await new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe: fails })
      .detect('bwrap')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SandboxUnavailableError);
    expect((error as Error).name).toBe('SandboxUnavailableError');
    expect((error as Error).message).toBe(
      'tools.sandbox is bwrap, but bubblewrap at /usr/bin/bwrap does not work here (bwrap: No permissions to creating new namespace); fix it, or set tools.sandbox to auto or none',
    );
  });

  it('answers from one shared detector for the server, doctor and the shell tool', async () => {
    expect(await detectSandbox('none')).toMatchObject({ mode: 'none', warning: 'shell commands run unconfined (no sandbox): tools.sandbox is none in harombe.yaml' });
    expect(defaultSandboxDetector()).toBe(defaultSandboxDetector());
  });
});

describe('finding and probing bubblewrap', () => {
  it('finds the first executable of that name on PATH, skipping empty entries and files it cannot run', async () => {
    for (const name of ['a', 'b', 'c']) await mkdir(join(folder, name));
    await writeFile(join(folder, 'a', 'harombe-probe-tool'), '#!/bin/sh\n');
    await writeFile(join(folder, 'b', 'harombe-probe-tool'), '#!/bin/sh\n');
    await chmod(join(folder, 'b', 'harombe-probe-tool'), 0o755);
    await writeFile(join(folder, 'c', 'harombe-probe-tool'), '#!/bin/sh\n');
    await chmod(join(folder, 'c', 'harombe-probe-tool'), 0o755);
    process.env['PATH'] = ['', join(folder, 'a'), join(folder, 'missing'), join(folder, 'b'), join(folder, 'c')].join(delimiter);
    // As root, access(X_OK) still needs an execute bit on the file.
    expect(await findOnPath('harombe-probe-tool')).toBe(join(folder, 'b', 'harombe-probe-tool'));
    expect(await findOnPath('harombe-no-such-tool')).toBeUndefined();
    delete process.env['PATH'];
    expect(await findOnPath('harombe-probe-tool')).toBeUndefined();
  });

  it('reads a probe as working when it exits 0, and otherwise gives the first line of what it said', async () => {
    expect(await runBubblewrapProbe('/bin/sh', ['-c', 'exit 0'])).toEqual({ ok: true, detail: '' });
    expect(await runBubblewrapProbe('/bin/sh', ['-c', 'echo "bwrap: setting up uid map: Permission denied" >&2; echo second line >&2; exit 1'])).toEqual({
      ok: false,
      detail: 'bwrap: setting up uid map: Permission denied',
    });
    expect(await runBubblewrapProbe('/bin/sh', ['-c', 'exit 1'])).toEqual({ ok: false, detail: 'Command failed: /bin/sh -c exit 1' });
  });
});

describe('the confinement, argument by argument', () => {
  it('is the whole file system read-only, fresh /dev and /proc, a private /tmp, the workspace bound and entered, nothing shared', () => {
    expect(bubblewrapConfinement({ workspace: '/home/me/project', hidden: [{ path: '/home/me/.harombe', kind: 'folder' }] })).toEqual([
      '--ro-bind', '/', '/',
      '--dev', '/dev',
      '--proc', '/proc',
      '--tmpfs', '/tmp',
      '--tmpfs', '/home/me/.harombe',
      '--bind', '/home/me/project', '/home/me/project',
      '--chdir', '/home/me/project',
      '--unshare-net',
      '--unshare-pid', '--die-with-parent', '--cap-drop', 'ALL',
    ]);
  });

  it('enters no folder when given no workspace (the probe)', () => {
    expect(bubblewrapConfinement({ network: true })).toEqual(['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--unshare-pid', '--die-with-parent', '--cap-drop', 'ALL']);
  });

  it("says why harombe's home cannot be the workspace, and what to set instead", () => {
    const error = (() => {
      try {
        bubblewrapConfinement({ workspace: '/home/me/.harombe', hidden: [{ path: '/home/me/.harombe', kind: 'folder' }] });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WorkspaceHiddenError);
    expect(error?.name).toBe('WorkspaceHiddenError');
    expect(error?.message).toBe(
      "the workspace /home/me/.harombe is harombe's own folder, which holds harombe.yaml, the local token and the conversations; shell commands are never shown it. Set tools.workspace to a folder of its own (the server's default is $HAROMBE_HOME/workspace)",
    );
  });
});

describe('the paths hidden from a command', () => {
  it('hides what exists, by its real path, once each, as a folder or a file', async () => {
    await mkdir(join(folder, 'home'));
    await writeFile(join(folder, 'home', 'harombe.yaml'), 'model: {}\n');
    await symlink(join(folder, 'home'), join(folder, 'home-link'));
    const hidden = await resolveHiddenPaths([join(folder, 'home-link'), join(folder, 'home'), join(folder, 'home', 'harombe.yaml'), join(folder, 'not-yet')]);
    expect(hidden).toEqual([
      { path: join(folder, 'home'), kind: 'folder' },
      { path: join(folder, 'home', 'harombe.yaml'), kind: 'file' },
    ]);
  });
});
