// Writing a workspace file race-free: made inside a folder held open and checked, never through a path that may have changed.
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, realpath, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { WorkspaceFiles } from './workspace-file-access';
import { resolveInWorkspace } from './workspace';

const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const APPEND_FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | O_NONBLOCK;
// O_EXCL: the temporary name is ours alone; nothing already there (a planted link, say) is opened.
const TEMPORARY_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

export interface WriteOutcome {
  realPath: string;
  /** Whether the file did not exist before. */
  created: boolean;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

function refuseExisting(existing: Stats | undefined, requestedPath: string): void {
  if (existing?.isDirectory()) throw new Error(`"${requestedPath}" is a folder; give a file name inside it`);
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
    throw new Error(`"${requestedPath}" is not a regular file (a pipe, socket or device); write_file writes files only`);
  }
}

/**
 * Writes `content` to `requestedPath` inside the workspace, creating missing folders. A replace writes a
 * new file at a temporary name in the same (open, checked) folder and renames it over the old one, so a
 * crash leaves the old file whole and other hard links to the old file keep their content. An append
 * writes in place and so refuses a file with more than one hard link.
 */
export async function writeInWorkspace(files: WorkspaceFiles, requestedPath: string, content: string, append: boolean): Promise<WriteOutcome> {
  const real = await resolveInWorkspace(files.workspace, requestedPath, { forWrite: true, hidden: files.hidden });
  const realWorkspace = await realpath(files.workspace);
  if (real === realWorkspace) throw new Error(`"${requestedPath}" is a folder; give a file name inside it`);
  const realFolder = dirname(real);
  const folder = await files.openFolder(realWorkspace, realFolder, requestedPath, true);
  try {
    const folderPath = files.locator.pathOf(folder, realFolder);
    const target = join(folderPath, basename(real));
    const existing = await lstat(target).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    });
    refuseExisting(existing, requestedPath);
    if (append) {
      await appendTo(files, { target, real, realWorkspace, requestedPath }, content);
    } else {
      await replace(files, { folderPath, realFolder, target, realWorkspace, requestedPath }, content, existing);
    }
    return { realPath: real, created: existing === undefined };
  } finally {
    await folder.close();
  }
}

async function writeChecked(
  files: WorkspaceFiles,
  handle: FileHandle,
  where: { real: string; realWorkspace: string; requestedPath: string },
  write: (stats: Stats) => Promise<void>,
): Promise<void> {
  try {
    // Checked before a byte goes in: the descriptor, not the path, is what gets written.
    await files.confirmInside(handle, where.real, where.realWorkspace, where.requestedPath);
    await write(await handle.stat());
  } finally {
    await handle.close();
  }
}

async function appendTo(
  files: WorkspaceFiles,
  at: { target: string; real: string; realWorkspace: string; requestedPath: string },
  content: string,
): Promise<void> {
  const handle = await files.openChild(at.target, APPEND_FLAGS, at.requestedPath, 0o644);
  await writeChecked(files, handle, at, async (stats) => {
    refuseExisting(stats, at.requestedPath);
    if (stats.nlink > 1) {
      throw new Error(
        `"${at.requestedPath}" has ${stats.nlink} hard links, so appending would change the file under its other names too; write the whole file instead (append: false), which gives this name a copy of its own`,
      );
    }
    await handle.writeFile(content);
  });
}

async function replace(
  files: WorkspaceFiles,
  at: { folderPath: string; realFolder: string; target: string; realWorkspace: string; requestedPath: string },
  content: string,
  existing: Stats | undefined,
): Promise<void> {
  const temporaryName = `.harombe-write-${randomBytes(6).toString('hex')}`;
  const temporary = join(at.folderPath, temporaryName);
  const handle = await files.openChild(temporary, TEMPORARY_FLAGS, at.requestedPath, 0o644);
  try {
    await writeChecked(files, handle, { ...at, real: join(at.realFolder, temporaryName) }, async () => {
      // The new file keeps the old one's permissions (an executable script stays executable), but not
      // setuid/setgid, which a write by anyone but root would have cleared.
      if (existing?.isFile()) await handle.chmod(existing.mode & 0o777);
      await handle.writeFile(content);
    });
    await rename(temporary, at.target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
