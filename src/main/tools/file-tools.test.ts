import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, link, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDirectoryTool, LIST_DIRECTORY_MAX_ENTRIES } from './list-directory-tool';
import { READ_FILE_MAX_BYTES, readFileTool } from './read-file-tool';
import type { AnyTool, ToolResult } from './tool';
import { writeFileTool } from './write-file-tool';

let root: string;
let workspace: string;
let outside: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-files-')));
  workspace = join(root, 'project');
  outside = join(root, 'outside');
  await mkdir(join(workspace, 'notes'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(workspace, 'notes', 'todo.md'), 'buy milk\ncall mum\n');
  await writeFile(join(outside, 'secret.txt'), 'the outside secret\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs a tool as the registry would: input validated by its schema first. */
function run(tool: AnyTool, input: unknown): Promise<ToolResult> {
  return tool.execute(tool.inputSchema.parse(input), { workspace, signal: new AbortController().signal });
}

describe('read_file', () => {
  it('reads a text file in the workspace', async () => {
    expect(await run(readFileTool, { path: 'notes/todo.md' })).toEqual({ ok: true, output: 'buy milk\ncall mum' });
  });

  it('refuses ../../etc/passwd, an absolute path outside, and a symlink pointing out', async () => {
    const escape = await run(readFileTool, { path: '../../etc/passwd' });
    expect(escape).toEqual({ ok: false, output: `"../../etc/passwd" is outside the workspace ${workspace}; tools can only touch files inside it` });

    const absolute = await run(readFileTool, { path: join(outside, 'secret.txt') });
    expect(absolute.ok).toBe(false);
    expect(absolute.output).toContain('is outside the workspace');

    await symlink(join(outside, 'secret.txt'), join(workspace, 'looks-local.txt'));
    const throughLink = await run(readFileTool, { path: 'looks-local.txt' });
    expect(throughLink.ok).toBe(false);
    expect(throughLink.output).toContain('is outside the workspace');
    expect(throughLink.output).not.toContain('the outside secret');
  });

  it('reads a range of lines and says how to read on', async () => {
    await writeFile(join(workspace, 'lines.txt'), Array.from({ length: 10 }, (_, index) => `line ${index + 1}`).join('\n'));
    expect((await run(readFileTool, { path: 'lines.txt', offset: 3, limit: 2 })).output).toBe('line 3\nline 4\n[lines 3–4 of 10; read on with offset=5]');
    expect((await run(readFileTool, { path: 'lines.txt', offset: 9 })).output).toBe('line 9\nline 10\n[lines 9–10 of 10]');
    expect(readFileTool.describe({ path: 'lines.txt', offset: 3, limit: 2 })).toBe('read lines.txt lines 3–4');
  });

  it('caps what one call returns', async () => {
    await writeFile(join(workspace, 'long.txt'), `${'x'.repeat(99)}\n`.repeat(2000));
    const result = await run(readFileTool, { path: 'long.txt' });
    expect(result.ok).toBe(true);
    expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(33_000);
    expect(result.output).toMatch(/\[lines 1–320 of 2000; read on with offset=321\]$/);
  });

  it('refuses binary files, very large files and folders with a reason', async () => {
    await writeFile(join(workspace, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(await run(readFileTool, { path: 'logo.png' })).toEqual({ ok: false, output: '"logo.png" looks like a binary file (10 bytes); read_file reads text files only' });

    await writeFile(join(workspace, 'huge.log'), Buffer.alloc(READ_FILE_MAX_BYTES + 1, 'a'));
    const huge = await run(readFileTool, { path: 'huge.log' });
    expect(huge.ok).toBe(false);
    expect(huge.output).toMatch(/^"huge.log" is 10 MB; read_file reads files up to 10 MB — look inside it with the shell/);

    expect((await run(readFileTool, { path: 'notes' })).output).toBe('"notes" is a folder; use list_directory to see what is in it');
    execFileSync('mkfifo', [join(workspace, 'pipe')]);
    expect((await run(readFileTool, { path: 'pipe' })).output).toBe('"pipe" is not a regular file (a pipe, socket or device); read_file reads text files only');
    expect((await run(writeFileTool, { path: 'pipe', content: 'x' })).ok).toBe(false);
    expect((await run(readFileTool, { path: 'missing.md' })).output).toBe(`"missing.md" does not exist in the workspace ${workspace}`);
  });
});

describe('write_file', () => {
  it('is dangerous and describes what it will do', () => {
    expect(writeFileTool.dangerous).toBe(true);
    expect(writeFileTool.describe(writeFileTool.inputSchema.parse({ path: 'notes/todo.md', content: 'x'.repeat(120) }))).toBe('write 120 bytes to notes/todo.md');
  });

  it('creates missing folders inside the workspace and reports bytes written', async () => {
    const result = await run(writeFileTool, { path: 'docs/plan/steps.md', content: 'step one\n' });
    expect(result).toEqual({ ok: true, output: 'wrote 9 bytes to docs/plan/steps.md (new file)' });
    expect(await readFile(join(workspace, 'docs', 'plan', 'steps.md'), 'utf8')).toBe('step one\n');
  });

  it('replaces by default and appends when asked', async () => {
    await run(writeFileTool, { path: 'notes/todo.md', content: 'fresh\n' });
    expect(await run(writeFileTool, { path: 'notes/todo.md', content: 'more\n', append: true })).toEqual({ ok: true, output: 'appended 5 bytes to notes/todo.md' });
    expect(await readFile(join(workspace, 'notes', 'todo.md'), 'utf8')).toBe('fresh\nmore\n');
  });

  it('refuses to write outside, and writes nothing there', async () => {
    const escape = await run(writeFileTool, { path: '../outside/planted.txt', content: 'gotcha' });
    expect(escape.ok).toBe(false);
    expect(escape.output).toContain('is outside the workspace');

    const absolute = await run(writeFileTool, { path: join(outside, 'secret.txt'), content: 'overwritten' });
    expect(absolute.ok).toBe(false);

    await symlink(outside, join(workspace, 'shortcut'));
    await symlink(join(outside, 'dangling-target.txt'), join(workspace, 'trap.txt'));
    expect((await run(writeFileTool, { path: 'shortcut/new-folder/planted.txt', content: 'gotcha' })).ok).toBe(false);
    expect((await run(writeFileTool, { path: 'trap.txt', content: 'gotcha' })).ok).toBe(false);

    expect(existsSync(join(outside, 'planted.txt'))).toBe(false);
    expect(existsSync(join(outside, 'new-folder'))).toBe(false);
    expect(existsSync(join(outside, 'dangling-target.txt'))).toBe(false);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('the outside secret\n');
  });

  it('never changes a file outside through a hard link: a replace gives the name its own file, an append is refused', async () => {
    await link(join(outside, 'secret.txt'), join(workspace, 'linked.txt'));

    const appended = await run(writeFileTool, { path: 'linked.txt', content: 'gotcha\n', append: true });
    expect(appended).toEqual({
      ok: false,
      output: '"linked.txt" has 2 hard links, so appending would change the file under its other names too; write the whole file instead (append: false), which gives this name a copy of its own',
    });

    expect(await run(writeFileTool, { path: 'linked.txt', content: 'mine now\n' })).toEqual({ ok: true, output: 'wrote 9 bytes to linked.txt' });
    expect(await readFile(join(workspace, 'linked.txt'), 'utf8')).toBe('mine now\n');
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('the outside secret\n');
  });

  it('keeps a replaced file\'s permissions and leaves no temporary file behind', async () => {
    await writeFile(join(workspace, 'build.sh'), '#!/bin/sh\n');
    await chmod(join(workspace, 'build.sh'), 0o755);
    expect((await run(writeFileTool, { path: 'build.sh', content: '#!/bin/sh\necho hi\n' })).ok).toBe(true);
    expect((await stat(join(workspace, 'build.sh'))).mode & 0o777).toBe(0o755);
    expect((await run(writeFileTool, { path: 'build.sh', content: 'echo bye\n', append: true })).ok).toBe(true);
    expect(await readFile(join(workspace, 'build.sh'), 'utf8')).toBe('#!/bin/sh\necho hi\necho bye\n');
    expect((await readdir(workspace)).sort()).toEqual(['build.sh', 'notes']);
  });

  it('refuses to replace a folder with a file', async () => {
    expect(await run(writeFileTool, { path: 'notes', content: 'x' })).toEqual({ ok: false, output: '"notes" is a folder; give a file name inside it' });
  });
});

describe('list_directory', () => {
  it('lists folders with a trailing slash, then files with sizes', async () => {
    await writeFile(join(workspace, 'README.md'), 'x'.repeat(1536));
    await symlink('notes/todo.md', join(workspace, 'todo-link'));
    expect(await run(listDirectoryTool, {})).toEqual({ ok: true, output: 'notes/\nREADME.md  1.5 KB\ntodo-link -> notes/todo.md' });
    expect((await run(listDirectoryTool, { path: 'notes' })).output).toBe('todo.md  18 bytes');
  });

  it('refuses folders outside the workspace', async () => {
    const result = await run(listDirectoryTool, { path: '..' });
    expect(result).toEqual({ ok: false, output: `".." is outside the workspace ${workspace}; tools can only touch files inside it` });
  });

  it('caps the number of entries and says how many are left out', async () => {
    const many = join(workspace, 'many');
    await mkdir(many);
    await Promise.all(Array.from({ length: LIST_DIRECTORY_MAX_ENTRIES + 7 }, (_, index) => writeFile(join(many, `f${index}`), '')));
    const lines = (await run(listDirectoryTool, { path: 'many' })).output.split('\n');
    expect(lines).toHaveLength(LIST_DIRECTORY_MAX_ENTRIES + 1);
    expect(lines.at(-1)).toBe(`… and 7 more entries (${LIST_DIRECTORY_MAX_ENTRIES + 7} in all); list a subfolder to narrow down`);
  });
});
