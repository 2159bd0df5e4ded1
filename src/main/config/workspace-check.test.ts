import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
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

// The workspace folder's problems as `harombe start` and PUT /config word them: what is at the path, the system's own
// reason (ENOENT, ENAMETOOLONG, EACCES), and the path as the person wrote it.
describe('prepareWorkspace: what is wrong with the folder, in words', () => {
  it('tools.workspace: ~ is the home folder itself', async () => {
    expect(await prepareWorkspace('~', '/unused', root)).toBe(root);
  });

  it('a socket is called a socket', async () => {
    const socket = join(root, 'agent.sock');
    const server = createServer();
    await new Promise<void>((done) => server.listen(socket, done));
    try {
      await expect(prepareWorkspace(socket, '/unused')).rejects.toThrow(`cannot use ${socket} as the tools workspace: ${socket} is a socket, not a folder`);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('a link to a file is named as written, not by where it leads', async () => {
    await writeFile(join(root, 'notes.md'), 'hi\n');
    await symlink(join(root, 'notes.md'), join(root, 'work'));
    await expect(prepareWorkspace(join(root, 'work'), '/unused')).rejects.toThrow(`${join(root, 'work')} is a file, not a folder`);
  });

  it('a link to nothing, or below one, cannot be followed: the link is named with the reason', async () => {
    const link = join(root, 'work');
    await symlink(join(root, 'moved-away'), link);
    await expect(prepareWorkspace(link, '/unused')).rejects.toThrow(`cannot use ${link} as the tools workspace: ${link} cannot be followed (ENOENT)`);
    await expect(prepareWorkspace(join(link, 'project'), '/unused')).rejects.toThrow(
      `cannot use ${join(link, 'project')} as the tools workspace: ${link} cannot be followed (ENOENT)`,
    );
    expect(await readdir(root)).toEqual(['work']);
  });

  it('a name longer than the system allows is refused with the system’s reason, nothing created', async () => {
    const folder = join(root, 'a'.repeat(300), 'b');
    await expect(prepareWorkspace(folder, '/unused')).rejects.toThrow(`cannot use ${folder} as the tools workspace (ENAMETOOLONG)`);
    expect(await readdir(root)).toEqual([]);
  });

  it('/ is not taken for a kernel folder (it holds /proc, it is not inside it)', async () => {
    const outcome = await prepareWorkspace('/', '/unused').catch((error: unknown) => error);
    if (outcome instanceof Error) expect(outcome.message).not.toContain('system folder');
    else expect(outcome).toBe('/');
  });
});

// Root may write anywhere, so these refusals only happen for everyone else.
const rootSkip = process.getuid?.() === 0 ? 'running as root, who may write into a read-only folder' : undefined;
// vitest's default reporter does not show a skip's note, so say it on the console.
if (rootSkip) console.warn(`skipping the read-only workspace tests: ${rootSkip}`);

describe.skipIf(Boolean(rootSkip))('prepareWorkspace: a folder harombe may not write', () => {
  it('an existing read-only folder is refused as not writable', async () => {
    await mkdir(join(root, 'shared'), { mode: 0o500 });
    await expect(prepareWorkspace(join(root, 'shared'), '/unused')).rejects.toThrow(`cannot use ${join(root, 'shared')} as the tools workspace: it is not writable (EACCES)`);
  });

  it('a folder that would go inside a read-only one cannot be created, and says which', async () => {
    await mkdir(join(root, 'shared'), { mode: 0o500 });
    await expect(prepareWorkspace(join(root, 'shared', 'mine', 'work'), '/unused')).rejects.toThrow(
      `cannot create ${join(root, 'shared', 'mine')} for the tools workspace (EACCES)`,
    );
  });
});
