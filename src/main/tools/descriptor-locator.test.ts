// The re-resolving descriptor check (macOS, Windows) on its own: an entry held open is inside only if its path still leads to it.
import { mkdir, mkdtemp, open, realpath, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pathDescriptorLocator, procDescriptorLocator } from './descriptor-locator';

let root: string;
let workspace: string;
let outside: string;
const handles: FileHandle[] = [];

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-locator-')));
  workspace = join(root, 'project');
  outside = join(root, 'outside');
  await mkdir(workspace);
  await mkdir(outside);
  await writeFile(join(workspace, 'notes.md'), 'mine\n');
  await writeFile(join(outside, 'secret.txt'), 'private\n');
});
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
  await rm(root, { recursive: true, force: true });
});

async function held(path: string): Promise<FileHandle> {
  const handle = await open(path, 'r');
  handles.push(handle);
  return handle;
}

describe('pathDescriptorLocator', () => {
  it('finds a file still at its path inside the workspace, and gives that path for path-only calls', async () => {
    const path = join(workspace, 'notes.md');
    const handle = await held(path);
    expect(await pathDescriptorLocator.isInside(handle, path, workspace)).toBe(true);
    expect(pathDescriptorLocator.pathOf(handle, path)).toBe(path);
  });

  it('refuses an entry whose path leads outside the workspace', async () => {
    const path = join(outside, 'secret.txt');
    expect(await pathDescriptorLocator.isInside(await held(path), path, workspace)).toBe(false);
  });

  it('refuses when another file now sits at the path (the one held was swapped away)', async () => {
    const path = join(workspace, 'notes.md');
    const handle = await held(path);
    await writeFile(join(workspace, 'planted.md'), 'planted\n');
    await rename(join(workspace, 'planted.md'), path);
    expect(await pathDescriptorLocator.isInside(handle, path, workspace)).toBe(false);
  });

  it('refuses when the path is gone by the time it is checked', async () => {
    const path = join(workspace, 'notes.md');
    const handle = await held(path);
    await rm(path);
    expect(await pathDescriptorLocator.isInside(handle, path, workspace)).toBe(false);
  });
});

describe.skipIf(process.platform !== 'linux')('procDescriptorLocator (Linux; skipped elsewhere: it reads /proc/self/fd)', () => {
  it('judges the entry held, wherever its old path points now', async () => {
    const path = join(workspace, 'notes.md');
    const handle = await held(path);
    expect(procDescriptorLocator.pathOf(handle, path)).toBe(`/proc/self/fd/${handle.fd}`);
    expect(await procDescriptorLocator.isInside(handle, path, workspace)).toBe(true);
    // Moved out after it was opened: the descriptor now holds an entry outside.
    await rename(path, join(outside, 'moved.md'));
    expect(await procDescriptorLocator.isInside(handle, path, workspace)).toBe(false);
  });
});
