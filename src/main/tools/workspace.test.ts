import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveInWorkspace, WorkspacePathError } from './workspace';

let root: string;
let workspace: string;
let outside: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-workspace-')));
  workspace = join(root, 'project');
  outside = join(root, 'outside');
  await mkdir(join(workspace, 'notes'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(workspace, 'notes', 'todo.md'), 'buy milk\n');
  await writeFile(join(outside, 'secret.txt'), 'private\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(path: string, forWrite = false): Promise<WorkspacePathError> {
  const error = await resolveInWorkspace(workspace, path, { forWrite }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(WorkspacePathError);
  return error as WorkspacePathError;
}

describe('resolveInWorkspace', () => {
  it('resolves paths inside the workspace to real paths', async () => {
    expect(await resolveInWorkspace(workspace, 'notes/todo.md')).toBe(join(workspace, 'notes', 'todo.md'));
    expect(await resolveInWorkspace(workspace, './notes/../notes/todo.md')).toBe(join(workspace, 'notes', 'todo.md'));
    expect(await resolveInWorkspace(workspace, join(workspace, 'notes'))).toBe(join(workspace, 'notes'));
    expect(await resolveInWorkspace(workspace, '.')).toBe(workspace);
  });

  it('refuses .. escapes with a message naming the path and the workspace', async () => {
    const error = await refusal('../../etc/passwd');
    expect(error.message).toBe(`"../../etc/passwd" is outside the workspace ${workspace}; tools can only touch files inside it`);
    expect(error.reason).toBe('outside');
  });

  it('refuses absolute paths elsewhere, and a sibling folder that merely shares the prefix', async () => {
    expect((await refusal('/etc/passwd')).message).toContain('is outside the workspace');
    await mkdir(`${workspace}-evil`);
    expect((await refusal(`${workspace}-evil/x`, true)).reason).toBe('outside');
  });

  it('refuses symlinks that lead out, saying where they lead', async () => {
    await symlink(join(outside, 'secret.txt'), join(workspace, 'innocent.txt'));
    await symlink(outside, join(workspace, 'shortcut'));
    expect((await refusal('innocent.txt')).message).toContain(`(it leads to ${join(outside, 'secret.txt')})`);
    expect((await refusal('shortcut/secret.txt')).reason).toBe('outside');
    // A new file under a linked folder would land outside too.
    expect((await refusal('shortcut/new/file.txt', true)).reason).toBe('outside');
  });

  it('refuses a dangling symlink whose target outside does not exist yet', async () => {
    await symlink(join(outside, 'not-yet.txt'), join(workspace, 'trap.txt'));
    expect((await refusal('trap.txt', true)).message).toContain(`leads to ${join(outside, 'not-yet.txt')}`);
    // A relative dangling link, resolved from the link's real folder as the kernel would.
    await symlink('../../outside/also-not-yet.txt', join(workspace, 'notes', 'trap2.txt'));
    expect((await refusal('notes/trap2.txt', true)).reason).toBe('outside');
  });

  it('accepts symlinks that stay inside, and new files under existing folders when writing', async () => {
    await symlink(join(workspace, 'notes'), join(workspace, 'n'));
    expect(await resolveInWorkspace(workspace, 'n/todo.md')).toBe(join(workspace, 'notes', 'todo.md'));
    expect(await resolveInWorkspace(workspace, 'n/new/deeper/file.md', { forWrite: true })).toBe(join(workspace, 'notes', 'new', 'deeper', 'file.md'));
  });

  it('says a missing file is missing when reading', async () => {
    const error = await refusal('nope.md');
    expect(error.reason).toBe('missing');
    expect(error.message).toBe(`"nope.md" does not exist in the workspace ${workspace}`);
  });
});
