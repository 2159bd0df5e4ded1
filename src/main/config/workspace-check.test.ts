import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-problem';
import { prepareConfiguredWorkspace, prepareWorkspace, WorkspaceError } from './workspace-check';

let root: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-workspace-check-')));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('prepareWorkspace', () => {
  it('creates the configured folder (missing parents too) and returns its real path, expanding ~', async () => {
    expect(await prepareWorkspace('~/work/space', '/unused', root)).toBe(join(root, 'work', 'space'));
    await symlink(join(root, 'work'), join(root, 'link'));
    expect(await prepareWorkspace(join(root, 'link', 'space'), '/unused')).toBe(join(root, 'work', 'space'));
  });

  it('falls back when nothing is configured', async () => {
    expect(await prepareWorkspace(undefined, join(root, 'fallback'))).toBe(join(root, 'fallback'));
  });

  it('refuses /proc, /sys and /dev at once, also through a link, and creates nothing there', async () => {
    await expect(prepareWorkspace('/proc/harombe-x', '/unused')).rejects.toThrow(/\/proc is a system folder the kernel provides/);
    await expect(prepareWorkspace('/sys/harombe-x/deeper', '/unused')).rejects.toThrow(/\/sys is a system folder/);
    await expect(prepareWorkspace('/dev/null', '/unused')).rejects.toThrow(/\/dev is a system folder/);
    await symlink('/proc', join(root, 'innocent'));
    await expect(prepareWorkspace(join(root, 'innocent', 'x'), '/unused')).rejects.toThrow(/it leads to \/proc\/x\): \/proc is a system folder/);
  });

  it('refuses a file, a named pipe and a path through a file, saying what is there', async () => {
    await writeFile(join(root, 'notes.md'), 'hi\n');
    await expect(prepareWorkspace(join(root, 'notes.md'), '/unused')).rejects.toThrow(`${join(root, 'notes.md')} is a file, not a folder`);
    await expect(prepareWorkspace(join(root, 'notes.md', 'sub'), '/unused')).rejects.toThrow(/part of the path is a file, not a folder/);
    execFileSync('mkfifo', [join(root, 'pipe')]);
    await expect(prepareWorkspace(join(root, 'pipe'), '/unused')).rejects.toThrow(/is a named pipe \(FIFO\), not a folder/);
  });

  it('refuses control characters, NUL included, without touching the disk', async () => {
    const error = await prepareWorkspace(`${root}/a\u0000b`, '/unused').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkspaceError);
    expect((error as WorkspaceError).message).toContain('a folder path has no control characters');
    expect((error as WorkspaceError).hint).toContain('tools.workspace');
    await expect(prepareWorkspace('work\nspace', '/unused', root)).rejects.toThrow(WorkspaceError);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('prepareConfiguredWorkspace', () => {
  it('names tools.workspace in the file when the configured folder is refused', async () => {
    const error = await prepareConfiguredWorkspace('/proc/harombe-x', '/unused', '/home/ada/harombe.yaml').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).describe()).toMatch(/^\/home\/ada\/harombe\.yaml tools\.workspace: cannot use \/proc\/harombe-x as the tools workspace: /);
  });

  it('lets the fallback’s own problem through as it is (no key to blame)', async () => {
    await mkdir(join(root, 'home'));
    await writeFile(join(root, 'home', 'workspace'), '');
    await expect(prepareConfiguredWorkspace(undefined, join(root, 'home', 'workspace'), 'harombe.yaml')).rejects.toThrow(WorkspaceError);
  });
});
