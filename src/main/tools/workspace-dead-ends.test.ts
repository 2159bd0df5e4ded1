// Paths that cannot lead anywhere, in words: through a file (`notes.md/x`), into a loop of links, down a chain too long.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previewFileWrite } from './file-change-preview';
import { listDirectoryTool } from './list-directory-tool';
import { readFileTool } from './read-file-tool';
import type { AnyTool, ToolResult } from './tool';
import { resolveInWorkspace, WorkspacePathError } from './workspace';
import { writeFileTool } from './write-file-tool';

let root: string;
let workspace: string;
let outside: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-dead-ends-')));
  workspace = join(root, 'project');
  outside = join(root, 'outside');
  await mkdir(join(workspace, 'src'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(workspace, 'notes.md'), 'my notes\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function refusal(path: string, forWrite = false): Promise<WorkspacePathError> {
  const error = await resolveInWorkspace(workspace, path, { forWrite }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(WorkspacePathError);
  return error as WorkspacePathError;
}

function run(tool: AnyTool, input: unknown): Promise<ToolResult> {
  return tool.execute(tool.inputSchema.parse(input), { workspace, signal: new AbortController().signal });
}

/** What each file tool answers for `path`, and the approval card a write of it would show. */
async function answers(path: string) {
  return {
    read: await run(readFileTool, { path }),
    list: await run(listDirectoryTool, { path }),
    write: await run(writeFileTool, { path, content: 'draft\n' }),
    preview: await previewFileWrite({ workspace }, { path, content: 'draft\n', append: false }),
  };
}

describe('a path through a file', () => {
  it('is refused as going through a file, for a read, a listing and a write alike', async () => {
    const message = '"notes.md/draft.md": notes.md is a file, not a folder, so nothing can be inside it';
    expect(await refusal('notes.md/draft.md')).toMatchObject({ reason: 'invalid', message });
    expect(await refusal('notes.md/draft.md', true)).toMatchObject({ reason: 'invalid', message });
    expect((await refusal('notes.md/new/deeper.md', true)).message).toBe(
      '"notes.md/new/deeper.md": notes.md is a file, not a folder, so nothing can be inside it',
    );
    expect((await refusal('src/../notes.md/x', true)).message).toBe('"src/../notes.md/x": notes.md is a file, not a folder, so nothing can be inside it');
  });

  it('gets the same answer from every file tool, and the write is not shown as a new file before it is refused', async () => {
    const message = '"notes.md/draft.md": notes.md is a file, not a folder, so nothing can be inside it';
    expect(await answers('notes.md/draft.md')).toEqual({
      read: { ok: false, output: message },
      list: { ok: false, output: message },
      write: { ok: false, output: message },
      preview: undefined,
    });
    expect(await readFile(join(workspace, 'notes.md'), 'utf8')).toBe('my notes\n');
  });

  it('names the file a link leads to, and a file deeper in the workspace by its path', async () => {
    await writeFile(join(workspace, 'src', 'app.ts'), 'x\n');
    await symlink('../notes.md', join(workspace, 'src', 'alias'));
    expect((await refusal('src/alias/x', true)).message).toBe('"src/alias/x": notes.md is a file, not a folder, so nothing can be inside it');
    expect((await refusal('src/app.ts/x')).message).toBe(`"src/app.ts/x": ${join('src', 'app.ts')} is a file, not a folder, so nothing can be inside it`);
  });

  it('calls a pipe not a folder, without calling it a file', async () => {
    execFileSync('mkfifo', [join(workspace, 'queue')]);
    expect(await refusal('queue/job', true)).toMatchObject({ reason: 'invalid', message: '"queue/job": queue is not a folder, so nothing can be inside it' });
  });

  it('still refuses a file outside the workspace as outside, not as a file', async () => {
    await writeFile(join(outside, 'secret.txt'), 'private\n');
    expect((await refusal('../outside/secret.txt/x', true)).reason).toBe('outside');
    expect((await refusal('../outside/secret.txt/x')).reason).toBe('outside');
  });

  it('still finds a path whose folders are folders', async () => {
    expect(await resolveInWorkspace(workspace, 'src/new/file.md', { forWrite: true })).toBe(join(workspace, 'src', 'new', 'file.md'));
    expect((await refusal('src/absent.md')).reason).toBe('missing');
  });
});

describe('a loop of symbolic links', () => {
  it('is refused in words naming the link, for a read and a write', async () => {
    await symlink('loop-b', join(workspace, 'loop-a'));
    await symlink('loop-a', join(workspace, 'loop-b'));
    const message = '"loop-a/new.txt" leads into a loop of symbolic links at loop-a; fix or remove that link';
    expect(await refusal('loop-a/new.txt')).toMatchObject({ reason: 'invalid', message });
    expect(await refusal('loop-a/new.txt', true)).toMatchObject({ reason: 'invalid', message });
    expect((await refusal('loop-a')).message).toBe('"loop-a" leads into a loop of symbolic links at loop-a; fix or remove that link');
  });

  it('gets the same answer from every file tool, with nothing written', async () => {
    await symlink('self', join(workspace, 'src', 'self'));
    const message = `"src/self/x.md" leads into a loop of symbolic links at ${join('src', 'self')}; fix or remove that link`;
    expect(await answers('src/self/x.md')).toEqual({
      read: { ok: false, output: message },
      list: { ok: false, output: message },
      write: { ok: false, output: message },
      preview: undefined,
    });
    expect((await readdir(join(workspace, 'src'))).sort()).toEqual(['self']);
  });

  it('names the first link that comes round again, not wherever the count ran out', async () => {
    await symlink('loop-a', join(workspace, 'entry'));
    await symlink('loop-b', join(workspace, 'loop-a'));
    await symlink('loop-a', join(workspace, 'loop-b'));
    expect((await refusal('entry/x', true)).message).toBe('"entry/x" leads into a loop of symbolic links at loop-a; fix or remove that link');
  });

  it('names a loop outside the workspace by its full path', async () => {
    await symlink('loop', join(outside, 'loop'));
    await symlink(join(outside, 'loop'), join(workspace, 'out'));
    expect((await refusal('out/x', true)).message).toBe(`"out/x" leads into a loop of symbolic links at ${join(outside, 'loop')}; fix or remove that link`);
  });

  it('tells a chain of more than 40 links (no loop) from a loop', async () => {
    for (let index = 0; index <= 40; index++) await symlink(`chain-${index + 1}`, join(workspace, `chain-${index}`));
    expect(await refusal('chain-0/x', true)).toMatchObject({
      reason: 'invalid',
      message: '"chain-0/x" goes through more than 40 symbolic links in a row; point the first one nearer its target',
    });
    // 40 links in a row are still followed.
    await rm(join(workspace, 'chain-40'));
    expect(await resolveInWorkspace(workspace, 'chain-0/x', { forWrite: true })).toBe(join(workspace, 'chain-40', 'x'));
  });

  it('follows the same link many times on one path when each time leads somewhere', async () => {
    await symlink('.', join(workspace, 'here'));
    expect(await resolveInWorkspace(workspace, 'here/here/here/src/new.md', { forWrite: true })).toBe(join(workspace, 'src', 'new.md'));
  });
});
