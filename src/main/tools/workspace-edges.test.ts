// The workspace rule at its edges: names that only look like `..`, NUL bytes, link chains, writes into new folders.
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayPath, isInsideFolder, resolveInWorkspace, WorkspacePathError } from './workspace';

let root: string;
let workspace: string;
let outside: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-workspace-edges-')));
  workspace = join(root, 'project');
  outside = join(root, 'outside');
  await mkdir(join(workspace, 'src'), { recursive: true });
  await mkdir(outside);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(path: string, options: { forWrite?: boolean; hidden?: string[] } = {}): Promise<WorkspacePathError> {
  const error = await resolveInWorkspace(workspace, path, options).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(WorkspacePathError);
  return error as WorkspacePathError;
}

describe('the workspace rule at its edges', () => {
  it('lets a tool use a file whose name only starts with two dots', async () => {
    await writeFile(join(workspace, '..notes'), 'mine\n');
    expect(await resolveInWorkspace(workspace, '..notes')).toBe(join(workspace, '..notes'));
    expect(await resolveInWorkspace(workspace, '..draft/new.md', { forWrite: true })).toBe(join(workspace, '..draft', 'new.md'));
    expect(isInsideFolder(workspace, join(workspace, '..notes'))).toBe(true);
    expect(isInsideFolder(workspace, root)).toBe(false);
    expect(isInsideFolder(workspace, workspace)).toBe(true);
  });

  it('refuses a path with a NUL byte, showing where it is', async () => {
    const error = await refusal('notes\0.txt', { forWrite: true });
    expect(error).toMatchObject({ name: 'WorkspacePathError', reason: 'invalid', message: '"notes\\0.txt" is not a valid path' });
  });

  it('writes a new file through new folders, `.` and `..` that stay inside', async () => {
    expect(await resolveInWorkspace(workspace, './a/./b/../c/new.txt', { forWrite: true })).toBe(join(workspace, 'a', 'c', 'new.txt'));
    expect(await resolveInWorkspace(workspace, 'src/new/../../top.txt', { forWrite: true })).toBe(join(workspace, 'top.txt'));
    expect((await refusal('src/new/../../../escape.txt', { forWrite: true })).reason).toBe('outside');
  });

  it('follows a chain of links to where it really ends, inside or out', async () => {
    await symlink('src', join(workspace, 'first'));
    await symlink(join(workspace, 'first'), join(workspace, 'second'));
    expect(await resolveInWorkspace(workspace, 'second/new.ts', { forWrite: true })).toBe(join(workspace, 'src', 'new.ts'));
    // A relative link inside a folder, pointing up and out, for a file not there yet.
    await symlink('../../outside', join(workspace, 'src', 'up'));
    const error = await refusal('src/up/planted.sh', { forWrite: true });
    expect(error.message).toBe(
      `"src/up/planted.sh" is outside the workspace ${workspace} (it leads to ${join(outside, 'planted.sh')}); tools can only touch files inside it`,
    );
  });

  it('gives up on a loop of links that do not resolve, saying so', async () => {
    await symlink('loop-b', join(workspace, 'loop-a'));
    await symlink('loop-a', join(workspace, 'loop-b'));
    const error = await refusal('loop-a/new.txt', { forWrite: true });
    expect(error.message).toBe('"loop-a/new.txt" leads into a loop of symbolic links at loop-a; fix or remove that link');
  });

  it('refuses harombe\'s home inside the workspace, but not the rest of the workspace', async () => {
    const home = join(workspace, '.harombe');
    await mkdir(home);
    await writeFile(join(home, 'local-token'), 'secret\n');
    await writeFile(join(workspace, 'src', 'app.ts'), 'ok\n');
    const error = await refusal('.harombe/local-token', { hidden: [home] });
    expect(error).toMatchObject({ reason: 'outside', message: `".harombe/local-token" is harombe's own (its home folder or config file); tools cannot touch it` });
    expect((await refusal('.harombe/new-file', { forWrite: true, hidden: [home] })).reason).toBe('outside');
    expect(await resolveInWorkspace(workspace, 'src/app.ts', { hidden: [home] })).toBe(join(workspace, 'src', 'app.ts'));
  });

  it('lets a workspace inside harombe\'s home be used, but a workspace that is the home itself reaches nothing', async () => {
    const home = join(root, 'home');
    const inner = join(home, 'workspace');
    await mkdir(inner, { recursive: true });
    await writeFile(join(inner, 'notes.md'), 'x\n');
    await writeFile(join(home, 'harombe.yaml'), 'model: {}\n');
    expect(await resolveInWorkspace(inner, 'notes.md', { hidden: [home] })).toBe(join(inner, 'notes.md'));
    const error = await resolveInWorkspace(home, 'harombe.yaml', { hidden: [home] }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ reason: 'outside' });
  });

  it('shows the workspace itself as `.` and anything else relative to it', () => {
    expect(displayPath(workspace, workspace)).toBe('.');
    expect(displayPath(workspace, join(workspace, 'src', 'app.ts'))).toBe(join('src', 'app.ts'));
  });
});
