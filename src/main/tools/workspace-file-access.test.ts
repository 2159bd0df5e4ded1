import { existsSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile, type FileHandle } from 'node:fs/promises';
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

/** The workspace with `box/note.txt`, and a folder beside it with a note of its own; made afresh each time. */
async function freshTree(): Promise<void> {
  await rm(workspace, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
  await mkdir(join(workspace, 'box'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(workspace, 'box', 'note.txt'), 'inside\n');
  await writeFile(join(outside, 'note.txt'), 'outside\n');
}

beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'harombe-access-')));
  workspace = join(root, 'project');
  outside = join(root, 'outside');
  await freshTree();
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

/** Runs `change` once, the first time the walk asks the locator for a path (before it opens the next name). */
function changingOnFirstPath(inner: DescriptorLocator, change: () => void): DescriptorLocator {
  let changed = false;
  return {
    isInside: (handle, realPath, realWorkspace) => inner.isInside(handle, realPath, realWorkspace),
    pathOf(handle, realPath) {
      if (!changed) {
        changed = true;
        change();
      }
      return inner.pathOf(handle, realPath);
    },
  };
}

/** Runs `change` once, right before the first re-check of an opened entry: after the open, before any use. */
function changingBeforeRecheck(inner: DescriptorLocator, change: () => void): DescriptorLocator {
  let changed = false;
  return {
    pathOf: (handle, realPath) => inner.pathOf(handle, realPath),
    async isInside(handle, realPath, realWorkspace) {
      if (!changed) {
        changed = true;
        change();
      }
      return inner.isInside(handle, realPath, realWorkspace);
    },
  };
}

/** Remembers every descriptor the walk hands to the locator, to tell afterwards whether each was closed. */
function recordingHandles(inner: DescriptorLocator): { locator: DescriptorLocator; handles: Set<FileHandle> } {
  const handles = new Set<FileHandle>();
  return {
    handles,
    locator: {
      pathOf(handle, realPath) {
        handles.add(handle);
        return inner.pathOf(handle, realPath);
      },
      isInside(handle, realPath, realWorkspace) {
        handles.add(handle);
        return inner.isInside(handle, realPath, realWorkspace);
      },
    },
  };
}

/** A closed FileHandle's fd is -1; any other is still open. */
function stillOpen(handles: Set<FileHandle>): number[] {
  return [...handles].map((handle) => handle.fd).filter((fd) => fd !== -1);
}

const movedOut = (): string => `"box/note.txt" changed while it was being opened and no longer leads inside the workspace ${workspace}; nothing was read or written there — tools can only touch files inside it`;

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

    it('refuses a read when the opened file is moved out of the workspace before the re-check, naming the workspace', async () => {
      const files = new WorkspaceFiles(workspace, changingBeforeRecheck(locator, () => renameSync(join(workspace, 'box'), join(outside, 'box'))));
      const error = await readThrough(files, 'box/note.txt').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WorkspacePathError);
      expect((error as WorkspacePathError).message).toBe(movedOut());
    });

    it('refuses to go on listing a folder that was moved out of the workspace after it was opened', async () => {
      const folder = await new WorkspaceFiles(workspace, locator).open('box');
      try {
        renameSync(join(workspace, 'box'), join(outside, 'box'));
        await expect(folder.confirmInside()).rejects.toThrow(movedOut().replace('box/note.txt', 'box'));
      } finally {
        await folder.close();
      }
    });

    it('refuses a write whose folder is moved out before the re-check, and puts no content outside', async () => {
      const files = new WorkspaceFiles(workspace, changingBeforeRecheck(locator, () => renameSync(join(workspace, 'box'), join(outside, 'box'))));
      await expect(writeInWorkspace(files, 'box/note.txt', 'gotcha', false)).rejects.toThrow(/no longer leads inside the workspace/);
      const appending = new WorkspaceFiles(workspace, changingBeforeRecheck(locator, () => renameSync(join(workspace, 'box'), join(outside, 'again'))));
      await mkdir(join(workspace, 'box'));
      await writeFile(join(workspace, 'box', 'note.txt'), 'inside\n');
      await expect(writeInWorkspace(appending, 'box/note.txt', 'gotcha', true)).rejects.toThrow(/no longer leads inside the workspace/);
      for (const folder of ['box', 'again']) {
        const names = await readdir(join(outside, folder));
        for (const name of names) expect(await readFile(join(outside, folder, name), 'utf8')).not.toContain('gotcha');
      }
      // On Linux the unfinished temporary file is removed through the folder still held open, wherever it went.
      if (locator === procDescriptorLocator) expect(await readdir(join(outside, 'box'))).toEqual(['note.txt']);
    });

    it('refuses a read when the file itself turns into a link after the check, saying so', async () => {
      const files = new WorkspaceFiles(
        workspace,
        changingOnFirstPath(locator, () => {
          rmSync(join(workspace, 'box', 'note.txt'));
          symlinkSync(join(outside, 'note.txt'), join(workspace, 'box', 'note.txt'));
        }),
      );
      await expect(readThrough(files, 'box/note.txt')).rejects.toThrow(
        '"box/note.txt" changed while it was being opened (a folder or file on the way became a symbolic link)',
      );
    });

    it('reports a folder on the way that became a plain file as not a folder, not as a link', async () => {
      const files = new WorkspaceFiles(
        workspace,
        changingOnFirstPath(locator, () => {
          renameSync(join(workspace, 'box'), join(workspace, 'parked'));
          writeFileSync(join(workspace, 'box'), 'a file now\n');
        }),
      );
      const error = await readThrough(files, 'box/note.txt').catch((caught: unknown) => caught);
      expect(error).not.toBeInstanceOf(WorkspacePathError);
      expect((error as NodeJS.ErrnoException).code).toBe('ENOTDIR');
    });

    it('makes no folder when a read finds its folder gone after the check', async () => {
      const files = new WorkspaceFiles(workspace, changingOnFirstPath(locator, () => renameSync(join(workspace, 'box'), join(workspace, 'parked'))));
      const error = await readThrough(files, 'box/note.txt').catch((caught: unknown) => caught);
      expect((error as NodeJS.ErrnoException).code).toBe('ENOENT');
      expect(existsSync(join(workspace, 'box'))).toBe(false);
    });

    it('lets writes at once into the same new folders all succeed (one makes each folder, the others find it made)', async () => {
      const files = new WorkspaceFiles(workspace, locator);
      const names = Array.from({ length: 12 }, (_, index) => `fresh/deeper/file-${index}.txt`);
      const outcomes = await Promise.allSettled(names.map((name) => writeInWorkspace(files, name, 'made\n', false)));
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      expect((await readdir(join(workspace, 'fresh', 'deeper'))).length).toBe(12);
    });

    it('opens the workspace itself for a listing', async () => {
      const folder = await new WorkspaceFiles(workspace, locator).open('.');
      try {
        expect(folder.stats.isDirectory()).toBe(true);
        expect(await readdir(folder.path)).toEqual(['box']);
      } finally {
        await folder.close();
      }
    });

    it('leaves no file or folder open, whether the call succeeds or is refused', async () => {
      const calls: [string, (locator: DescriptorLocator) => Promise<unknown>][] = [
        ['a read', (seen) => readThrough(new WorkspaceFiles(workspace, seen), 'box/note.txt')],
        ['a write through new folders', (seen) => writeInWorkspace(new WorkspaceFiles(workspace, seen), 'box/a/b/c.txt', 'x', false)],
        ['an append', (seen) => writeInWorkspace(new WorkspaceFiles(workspace, seen), 'box/note.txt', 'x', true)],
        ['a read swapped on the way', (seen) => readThrough(new WorkspaceFiles(workspace, swappingOnFirstUse(seen)), 'box/note.txt')],
        [
          'a read moved out before the re-check',
          (seen) => readThrough(new WorkspaceFiles(workspace, changingBeforeRecheck(seen, () => renameSync(join(workspace, 'box'), join(outside, 'box')))), 'box/note.txt'),
        ],
      ];
      for (const [name, call] of calls) {
        await freshTree();
        const { locator: seen, handles } = recordingHandles(locator);
        await call(seen).catch(() => undefined);
        expect(handles.size, name).toBeGreaterThan(0);
        expect(stillOpen(handles), name).toEqual([]);
      }
    });
  });
});
