// The file tools at their edges, as the model reads their answers: empty and short files, cut lines, exact limits,
// ordering, links, pipes, what each call is described as, what the model is told of each parameter, no leaked files.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDirectoryTool } from './list-directory-tool';
import { READ_FILE_MAX_BYTES, READ_FILE_OUTPUT_LIMIT_BYTES, readFileTool } from './read-file-tool';
import type { AnyTool, ToolResult } from './tool';
import { writeFileTool } from './write-file-tool';

let root: string;
let workspace: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-file-edges-')));
  workspace = join(root, 'project');
  await mkdir(join(workspace, 'notes'), { recursive: true });
  await writeFile(join(workspace, 'notes', 'todo.md'), 'buy milk\ncall mum\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs a tool as the registry would: input validated by its schema first. */
function run(tool: AnyTool, input: unknown): Promise<ToolResult> {
  return tool.execute(tool.inputSchema.parse(input), { workspace, signal: new AbortController().signal });
}

describe('read_file at its edges', () => {
  it('says a file is empty, and where a range starts past the end', async () => {
    await writeFile(join(workspace, 'empty.txt'), '');
    expect(await run(readFileTool, { path: 'empty.txt' })).toEqual({ ok: true, output: '(empty file)' });
    expect(await run(readFileTool, { path: 'notes/todo.md', offset: 3 })).toEqual({ ok: true, output: '"notes/todo.md" has 2 lines; offset 3 is past the end' });
  });

  it('shows the start of a line longer than one answer, marked as cut, and how to read on', async () => {
    const long = 'y'.repeat(READ_FILE_OUTPUT_LIMIT_BYTES + 5_000);
    await writeFile(join(workspace, 'minified.js'), `${long}\nsecond line\n`);
    const result = await run(readFileTool, { path: 'minified.js' });
    expect(result.output).toBe(`${'y'.repeat(READ_FILE_OUTPUT_LIMIT_BYTES)} …[line cut]\n[lines 1–1 of 2; read on with offset=2]`);
  });

  it('stops before a long line that follows short ones, rather than cutting it', async () => {
    await writeFile(join(workspace, 'mixed.txt'), `short\n${'z'.repeat(READ_FILE_OUTPUT_LIMIT_BYTES + 10)}\n`);
    expect((await run(readFileTool, { path: 'mixed.txt' })).output).toBe('short\n[lines 1–1 of 2; read on with offset=2]');
  });

  it('reads a file of exactly the size limit', async () => {
    await writeFile(join(workspace, 'at-limit.txt'), Buffer.alloc(READ_FILE_MAX_BYTES, 'line\n'));
    const result = await run(readFileTool, { path: 'at-limit.txt' });
    expect(result.ok).toBe(true);
    expect(result.output).toMatch(/\[lines 1–\d+ of 2000000; read on with offset=\d+\]$/);
  });

  it('describes a whole read, a read from a line, and a range of lines', () => {
    const describe = (input: unknown) => readFileTool.describe(readFileTool.inputSchema.parse(input));
    expect(describe({ path: 'a.md' })).toBe('read a.md');
    expect(describe({ path: 'a.md', offset: 40 })).toBe('read a.md from line 40');
    expect(describe({ path: 'a.md', limit: 10 })).toBe('read a.md lines 1–10');
    expect(describe({ path: 'a.md', offset: 40, limit: 10 })).toBe('read a.md lines 40–49');
  });
});

describe('list_directory at its edges', () => {
  it('puts folders first, then everything by name, whatever order the disk gives', async () => {
    for (const name of ['zeta.txt', 'Alpha.md', 'beta.txt', 'delta.txt', 'gamma.txt']) await writeFile(join(workspace, name), 'x');
    await mkdir(join(workspace, 'build'));
    await mkdir(join(workspace, 'assets'));
    const names = (await run(listDirectoryTool, {})).output.split('\n').map((line) => line.split(' ')[0]);
    expect(names).toEqual(['assets/', 'build/', 'notes/', 'Alpha.md', 'beta.txt', 'delta.txt', 'gamma.txt', 'zeta.txt']);
  });

  it('marks a link to a folder with a slash, and shows a dangling link with its target', async () => {
    await symlink('notes', join(workspace, 'notes-link'));
    await symlink('gone.txt', join(workspace, 'dangling'));
    expect((await run(listDirectoryTool, {})).output).toBe('notes/\ndangling -> gone.txt\nnotes-link/ -> notes');
  });

  it('says a file is not a folder, and an empty folder is empty', async () => {
    expect(await run(listDirectoryTool, { path: 'notes/todo.md' })).toEqual({ ok: false, output: '"notes/todo.md" is a file, not a folder; use read_file to read it' });
    await mkdir(join(workspace, 'empty'));
    expect(await run(listDirectoryTool, { path: 'empty' })).toEqual({ ok: true, output: '(empty folder)' });
  });
});

describe('write_file at its edges', () => {
  it('refuses a pipe and the workspace itself, saying what to write instead', async () => {
    execFileSync('mkfifo', [join(workspace, 'pipe')]);
    expect(await run(writeFileTool, { path: 'pipe', content: 'x' })).toEqual({
      ok: false,
      output: '"pipe" is not a regular file (a pipe, socket or device); write_file writes files only',
    });
    expect(await run(writeFileTool, { path: '.', content: 'x' })).toEqual({ ok: false, output: '"." is a folder; give a file name inside it' });
  });

  it('describes an append as an append', () => {
    expect(writeFileTool.describe(writeFileTool.inputSchema.parse({ path: 'log.md', content: 'abc', append: true }))).toBe('append 3 bytes to log.md');
  });
});

describe('what the model is told about the file tools', () => {
  it.each([readFileTool, listDirectoryTool, writeFileTool])('$name explains itself and each of its parameters', (tool) => {
    expect(tool.description.length).toBeGreaterThan(40);
    const schema = z.toJSONSchema(tool.inputSchema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, { description?: string }> };
    for (const [name, property] of Object.entries(schema.properties)) expect(property.description?.length ?? 0, name).toBeGreaterThan(10);
  });

  it('tells the model the limits it will meet', () => {
    expect(readFileTool.description).toContain('32 KB');
    expect(readFileTool.description).toContain('10 MB');
    expect(listDirectoryTool.description).toContain('500 entries');
    expect(writeFileTool.description).toContain("user's approval");
  });
});

// Open descriptors are counted in /proc/self/fd, which only Linux has.
const noProc = process.platform === 'linux' ? undefined : `counting open files needs /proc/self/fd; this is ${process.platform}`;
if (noProc) console.warn(`skipping the leaked-file test: ${noProc}`);

describe.skipIf(Boolean(noProc))('the file tools and open files', () => {
  it('leave no file open after reads, listings and writes, answered or refused', async () => {
    execFileSync('mkfifo', [join(workspace, 'pipe')]);
    const calls: [AnyTool, unknown][] = [
      [readFileTool, { path: 'notes/todo.md' }],
      [readFileTool, { path: 'notes' }],
      [readFileTool, { path: 'pipe' }],
      [listDirectoryTool, { path: 'notes' }],
      [listDirectoryTool, { path: 'notes/todo.md' }],
      [writeFileTool, { path: 'notes/new/plan.md', content: 'plan\n' }],
      [writeFileTool, { path: 'notes/todo.md', content: 'more\n', append: true }],
      [writeFileTool, { path: 'pipe', content: 'x' }],
    ];
    // Warm up once, so whatever Node opens for good on first use is not counted.
    for (const [tool, input] of calls) await run(tool, input);
    const before = readdirSync('/proc/self/fd').length;
    for (let round = 0; round < 5; round += 1) for (const [tool, input] of calls) await run(tool, input);
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });
});
