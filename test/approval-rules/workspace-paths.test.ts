// File rules on a real workspace: a symlink inside an allowed folder is judged by where it leads.
import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileApprovalRules, evaluateApproval, workspacePathResolver } from '../../src/main/tools/approval-rules';

let root: string;
let workspace: string;

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-rules-')));
  workspace = join(root, 'workspace');
  await mkdir(join(workspace, '.git/hooks'), { recursive: true });
  await mkdir(join(workspace, 'notes'), { recursive: true });
  await mkdir(join(root, 'elsewhere'));
  await symlink(join(workspace, '.git/hooks'), join(workspace, 'notes/hooks'));
  await symlink(join(root, 'elsewhere'), join(workspace, 'notes/away'));
  await symlink('../notes', join(workspace, 'notes/again'));
  await symlink('..', join(workspace, 'notes/top'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('workspacePathResolver', () => {
  it('follows symlinks, keeps the part not created yet, and says null for a path that leads outside', () => {
    const resolve = workspacePathResolver(workspace);
    expect(resolve('notes/todo.md')).toBe('notes/todo.md');
    expect(resolve('notes/new/deep/file.md')).toBe('notes/new/deep/file.md');
    expect(resolve('notes/hooks/pre-commit')).toBe('.git/hooks/pre-commit');
    expect(resolve('notes/again/todo.md')).toBe('notes/todo.md');
    expect(resolve('notes/away/x')).toBeNull();
  });

  it('calls the workspace itself `.`, however it is reached, and a colon in a name no drive letter', () => {
    const resolve = workspacePathResolver(workspace);
    expect(resolve('.')).toBe('.');
    expect(resolve('notes/top')).toBe('.');
    expect(resolve('notes/top/notes/todo.md')).toBe('notes/todo.md');
    expect(resolve('notes/a:b.md')).toBe('notes/a:b.md');
    expect(resolve('1:x')).toBe('1:x');
  });

  it('asks before a write through a link in an allowed folder that points at .git/hooks or outside', async () => {
    const rules = await compileApprovalRules([{ tool: 'write_file', match: 'notes/**', decision: 'allow' }]);
    const context = { resolvePath: workspacePathResolver(workspace) };
    const decide = async (path: string) => (await evaluateApproval({ name: 'write_file', arguments: { path } }, rules, context)).decision;
    expect(await decide('notes/todo.md')).toBe('allow');
    expect(await decide('notes/again/todo.md')).toBe('allow');
    expect(await decide('notes/hooks/pre-commit')).toBe('ask');
    expect(await decide('notes/away/x')).toBe('ask');
  });
});
