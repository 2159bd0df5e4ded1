// The diff an approval shows for a file write: against the current file, all added for a new one, never read outside the workspace.
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIFF_MAX_BYTES, previewFileWrite } from './file-change-preview';

let root: string;
let workspace: string;
let home: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-preview-')));
  workspace = join(root, 'workspace');
  home = join(workspace, '.harombe');
  await mkdir(home, { recursive: true });
  await writeFile(join(workspace, 'notes.md'), 'one\ntwo\nthree\n');
  await writeFile(join(home, 'local-token'), 'secret-token\n');
  await writeFile(join(root, 'outside.txt'), 'outside secret\n');
  await symlink(join(root, 'outside.txt'), join(workspace, 'link.txt'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const place = () => ({ workspace, hidden: [home] });

describe('previewFileWrite', () => {
  it('diffs a replacement against the current file: removed and added lines with their signs', async () => {
    const change = await previewFileWrite(place(), { path: 'notes.md', content: 'one\n2\nthree\nfour\n', append: false });
    expect(change).toMatchObject({ kind: 'diff', path: 'notes.md', new_file: false, added: 2, removed: 1 });
    expect(change?.kind === 'diff' && change.hunks.flatMap((hunk) => hunk.lines)).toEqual([' one', '-two', '+2', ' three', '+four']);
  });

  it('shows a new file as all added', async () => {
    const change = await previewFileWrite(place(), { path: 'docs/new.md', content: 'a\nb\n', append: false });
    expect(change).toMatchObject({ kind: 'diff', new_file: true, added: 2, removed: 0 });
    expect(change?.kind === 'diff' && change.hunks[0]?.lines).toEqual(['+a', '+b']);
  });

  it('shows an append as lines added at the end', async () => {
    const change = await previewFileWrite(place(), { path: 'notes.md', content: 'four\n', append: true });
    expect(change?.kind === 'diff' && change.hunks.flatMap((hunk) => hunk.lines)).toEqual([' one', ' two', ' three', '+four']);
  });

  it('says a file is too large to diff, with its size, instead of reading it whole', async () => {
    await writeFile(join(workspace, 'big.log'), 'x'.repeat(DIFF_MAX_BYTES + 1));
    expect(await previewFileWrite(place(), { path: 'big.log', content: 'short\n', append: false })).toEqual({ kind: 'too_large', path: 'big.log', bytes: DIFF_MAX_BYTES + 1 });
  });

  it('says a binary file is binary', async () => {
    await writeFile(join(workspace, 'image.png'), Buffer.from([0x89, 0x50, 0, 1, 2]));
    expect(await previewFileWrite(place(), { path: 'image.png', content: 'text', append: false })).toEqual({ kind: 'binary', path: 'image.png', bytes: 5 });
  });

  it('never reads outside the workspace or harombe home: no preview for a path the write will refuse', async () => {
    for (const path of ['../outside.txt', join(root, 'outside.txt'), 'link.txt', '.harombe/local-token']) {
      expect(await previewFileWrite(place(), { path, content: 'x', append: false }), path).toBeUndefined();
    }
  });

  it('works without a list of hidden paths', async () => {
    expect(await previewFileWrite({ workspace }, { path: 'notes.md', content: 'one\n', append: false })).toMatchObject({ kind: 'diff', removed: 2 });
  });

  it('shows no preview for a folder or a pipe: the write will refuse them', async () => {
    await mkdir(join(workspace, 'docs'));
    execFileSync('mkfifo', [join(workspace, 'queue')]);
    for (const path of ['docs', 'queue']) {
      expect(await previewFileWrite(place(), { path, content: 'x', append: false }), path).toBeUndefined();
    }
  });

  it('diffs a file of exactly the size limit, and says content past it is too large, counting the whole file an append makes', async () => {
    await writeFile(join(workspace, 'edge.txt'), 'x'.repeat(DIFF_MAX_BYTES));
    expect(await previewFileWrite(place(), { path: 'edge.txt', content: 'short\n', append: false })).toMatchObject({ kind: 'diff', added: 1, removed: 1 });
    expect(await previewFileWrite(place(), { path: 'edge.txt', content: 'y', append: true })).toEqual({ kind: 'too_large', path: 'edge.txt', bytes: DIFF_MAX_BYTES + 1 });
    expect(await previewFileWrite(place(), { path: 'new.txt', content: 'é'.repeat(DIFF_MAX_BYTES / 2), append: false })).toMatchObject({ kind: 'diff', new_file: true });
    expect(await previewFileWrite(place(), { path: 'new.txt', content: `${'é'.repeat(DIFF_MAX_BYTES / 2)}!`, append: false })).toEqual({ kind: 'too_large', path: 'new.txt', bytes: DIFF_MAX_BYTES + 1 });
  });

  it('shows three lines of context around a change, as git does', async () => {
    const lines = Array.from({ length: 20 }, (_, index) => `line ${index}`);
    await writeFile(join(workspace, 'long.txt'), `${lines.join('\n')}\n`);
    const changed = lines.map((line, index) => (index === 10 ? 'changed' : line));
    const change = await previewFileWrite(place(), { path: 'long.txt', content: `${changed.join('\n')}\n`, append: false });
    expect(change?.kind === 'diff' && change.hunks).toEqual([
      { old_start: 8, old_lines: 7, new_start: 8, new_lines: 7, lines: [' line 7', ' line 8', ' line 9', '-line 10', '+changed', ' line 11', ' line 12', ' line 13'] },
    ]);
  });
});
