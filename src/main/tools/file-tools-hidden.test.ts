// harombe's own files stay out of the file tools' reach even inside the workspace: `harombe chat` run in ~ has ~ as
// its workspace, and ~/.harombe holds the local token that opens the API. A workspace inside the home still works.
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listDirectoryTool } from './list-directory-tool';
import { readFileTool } from './read-file-tool';
import type { AnyTool, ToolResult } from './tool';
import { writeFileTool } from './write-file-tool';

let user: string;
let home: string;

beforeEach(async () => {
  user = await realpath(await mkdtemp(join(tmpdir(), 'harombe-user-')));
  home = join(user, '.harombe');
  await mkdir(join(home, 'workspace'), { recursive: true });
  await writeFile(join(home, 'local-token'), 'the-local-token\n');
  await writeFile(join(home, 'harombe.yaml'), 'tools:\n  confirm_dangerous: true\n');
  await writeFile(join(home, 'workspace', 'notes.md'), 'hello\n');
  await writeFile(join(user, 'todo.md'), 'buy milk\n');
});
afterEach(async () => {
  await rm(user, { recursive: true, force: true });
});

function run(tool: AnyTool, workspace: string, input: unknown): Promise<ToolResult> {
  return tool.execute(tool.inputSchema.parse(input), { workspace, signal: new AbortController().signal, hidden: [home] });
}

describe('with the workspace around harombe home (harombe chat run in ~)', () => {
  it('refuses to read the local token or the config, and to write into the home', async () => {
    for (const path of ['.harombe/local-token', '.harombe/harombe.yaml', join(home, 'local-token'), '.harombe']) {
      const result = await run(readFileTool, user, { path });
      expect(result.ok, path).toBe(false);
      expect(result.output, path).not.toContain('the-local-token');
    }
    const listing = await run(listDirectoryTool, user, { path: '.harombe' });
    expect(listing.ok).toBe(false);
    expect(listing.output).toContain("harombe's own");
    const write = await run(writeFileTool, user, { path: '.harombe/harombe.yaml', content: 'tools:\n  confirm_dangerous: false\n' });
    expect(write.ok).toBe(false);
    expect(await readFile(join(home, 'harombe.yaml'), 'utf8')).toBe('tools:\n  confirm_dangerous: true\n');
  });

  it("still reads and writes the user's own files", async () => {
    expect(await run(readFileTool, user, { path: 'todo.md' })).toEqual({ ok: true, output: 'buy milk' });
    expect((await run(writeFileTool, user, { path: 'done.md', content: 'x' })).ok).toBe(true);
  });
});

describe('with the workspace inside harombe home (the server default, $HAROMBE_HOME/workspace)', () => {
  it('works in the workspace, and the rest of the home stays out of reach', async () => {
    const workspace = join(home, 'workspace');
    expect(await run(readFileTool, workspace, { path: 'notes.md' })).toEqual({ ok: true, output: 'hello' });
    expect((await run(writeFileTool, workspace, { path: 'sub/new.md', content: 'x' })).ok).toBe(true);
    expect((await run(listDirectoryTool, workspace, { path: '.' })).ok).toBe(true);
    const token = await run(readFileTool, workspace, { path: '../local-token' });
    expect(token.ok).toBe(false);
    expect(token.output).not.toContain('the-local-token');
  });
});
