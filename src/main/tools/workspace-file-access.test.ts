import { existsSync, renameSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDescriptorLocator, pathDescriptorLocator, procDescriptorLocator, type DescriptorLocator } from './descriptor-locator';
import { WorkspaceFiles } from './workspace-file-access';
import { writeInWorkspace } from './workspace-file-writer';
import { WorkspacePathError } from './workspace';

let root: string;
let workspace: string;
let outside: string;

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-access-')));
  workspace = join(root, 'project');
  outside = join(root, 'outside');
  await mkdir(join(workspace, 'box'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(workspace, 'box', 'note.txt'), 'inside\n');
  await writeFile(join(outside, 'note.txt'), 'outside\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Swaps `box` for a link to outside the first time the walk asks for a path: right after the check, before the open. */
function swappingOnFirstUse(inner: DescriptorLocator): DescriptorLocator {
  let swapped = false;
  return {
    isInside: (handle, realPath, realWorkspace) => inner.isInside(handle, realPath, realWorkspace),
    pathOf(handle, realPath) {
      if (!swapped) {
        swapped = true;
        renameSync(join(workspace, 'box'), join(workspace, 'parked'));
        symlinkSync(outside, join(workspace, 'box'));
      }
      return inner.pathOf(handle, realPath);
    },
  };
}

async function readThrough(files: WorkspaceFiles, path: string): Promise<string> {
  const file = await files.open(path);
  try {
    return (await file.handle.readFile()).toString();
  } finally {
    await file.close();
  }
}

const locators: [string, DescriptorLocator][] = [
  ['/proc/self/fd (Linux)', procDescriptorLocator],
  ['the re-resolving fallback (macOS, Windows)', pathDescriptorLocator],
];

// Both locators are exercised where /proc/self/fd exists; elsewhere only the fallback could run, and the race tests say why.
const skipReason = process.platform === 'linux' ? undefined : `these cases run both descriptor locators, which needs Linux; this is ${process.platform}`;
// vitest's default reporter does not show a skip's note, so say it on the console.
if (skipReason) console.warn(`skipping WorkspaceFiles tests: ${skipReason}`);

describe.skipIf(Boolean(skipReason))('WorkspaceFiles', () => {
  it('uses /proc/self/fd on Linux', () => {
    expect(defaultDescriptorLocator()).toBe(procDescriptorLocator);
  });

  describe.each(locators)('with %s', (_name, locator) => {
    it('reads, lists and writes as usual when nothing changes', async () => {
      const files = new WorkspaceFiles(workspace, locator);
      expect(await readThrough(files, 'box/note.txt')).toBe('inside\n');
      const folder = await files.open('box');
      try {
        expect(folder.stats.isDirectory()).toBe(true);
        expect(await readdir(folder.path)).toEqual(['note.txt']);
        await folder.confirmInside();
      } finally {
        await folder.close();
      }
      expect(await writeInWorkspace(files, 'box/new/deeper/plan.md', 'plan\n', false)).toEqual({ realPath: join(workspace, 'box', 'new', 'deeper', 'plan.md'), created: true });
      expect(await writeInWorkspace(files, 'box/note.txt', 'more\n', true)).toEqual({ realPath: join(workspace, 'box', 'note.txt'), created: false });
      expect(await readFile(join(workspace, 'box', 'note.txt'), 'utf8')).toBe('inside\nmore\n');
    });

    it('refuses a read when a folder on the way turns into a link after the check, saying so', async () => {
      const error = await readThrough(new WorkspaceFiles(workspace, swappingOnFirstUse(locator)), 'box/note.txt').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WorkspacePathError);
      expect((error as WorkspacePathError).message).toBe(
        '"box/note.txt" changed while it was being opened (a folder or file on the way became a symbolic link); nothing was read or written — try again once it stops changing',
      );
    });

    it('refuses a write when a folder on the way turns into a link after the check, and writes nothing outside', async () => {
      const files = new WorkspaceFiles(workspace, swappingOnFirstUse(locator));
      await expect(writeInWorkspace(files, 'box/planted.txt', 'gotcha', false)).rejects.toThrow(/changed while it was being opened/);
      expect(await readdir(outside)).toEqual(['note.txt']);
      expect(existsSync(join(workspace, 'parked', 'planted.txt'))).toBe(false);
    });
  });
});
