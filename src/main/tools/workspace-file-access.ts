// Opening a workspace path race-free: checked and used as one act, so a folder swapped for a symlink mid-call cannot lead outside.
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, realpath, type FileHandle } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { defaultDescriptorLocator, type DescriptorLocator } from './descriptor-locator';
import { resolveInWorkspace, WorkspacePathError } from './workspace';

// Windows lacks these; there the re-check after opening is the guard.
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_DIRECTORY = constants.O_DIRECTORY ?? 0;
// A FIFO must neither block the open nor be read as a file; fstat tells what was opened.
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Opens an entry to read or list it, never through a symlink as its last step and never waiting on a pipe. */
const READ_FLAGS = constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
const FOLDER_FLAGS = constants.O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** A workspace entry held open by its descriptor. */
export interface OpenedEntry {
  readonly handle: FileHandle;
  /** What was opened (fstat), not what the path names now. */
  readonly stats: Stats;
  readonly realPath: string;
  /** A path to this very entry for calls Node offers only by path (readdir, lstat of a child). */
  readonly path: string;
  /** Throws unless the entry still lies inside the workspace; call it after path-based calls. */
  confirmInside(): Promise<void>;
  close(): Promise<void>;
}

/** Opens paths inside one workspace so that the entry checked is the entry used. */
export class WorkspaceFiles {
  constructor(
    readonly workspace: string,
    readonly locator: DescriptorLocator = defaultDescriptorLocator(),
    /** harombe's own paths, refused even inside the workspace (ResolveOptions.hidden). */
    readonly hidden: readonly string[] = [],
  ) {}

  /** Opens `requestedPath` (file or folder) to read or list it; refuses it when it is, or leads, outside. */
  async open(requestedPath: string): Promise<OpenedEntry> {
    const real = await resolveInWorkspace(this.workspace, requestedPath, { hidden: this.hidden });
    const realWorkspace = await realpath(this.workspace);
    const handle = await this.openBeneath(realWorkspace, real, requestedPath);
    try {
      await this.confirmInside(handle, real, realWorkspace, requestedPath);
      const stats = await handle.stat();
      return {
        handle,
        stats,
        realPath: real,
        path: this.locator.pathOf(handle, real),
        confirmInside: () => this.confirmInside(handle, real, realWorkspace, requestedPath),
        close: () => handle.close(),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Opens the folder `realFolder` inside the workspace, creating what is missing of it when `create`. Not
   * yet confirmed: on Linux the walk alone keeps it inside; callers confirm what they finally use.
   */
  async openFolder(realWorkspace: string, realFolder: string, requestedPath: string, create: boolean): Promise<FileHandle> {
    let folder = await open(realWorkspace, FOLDER_FLAGS & ~O_NOFOLLOW);
    let folderPath = realWorkspace;
    try {
      for (const name of this.namesBelow(realWorkspace, realFolder)) {
        const next = await this.openStep(join(this.locator.pathOf(folder, folderPath), name), requestedPath, create);
        await folder.close();
        folder = next;
        folderPath = join(folderPath, name);
      }
      return folder;
    } catch (error) {
      await folder.close();
      throw error;
    }
  }

  /** Throws a refusal unless the entry open on `handle` (opened at `realPath`) lies inside the workspace. */
  async confirmInside(handle: FileHandle, realPath: string, realWorkspace: string, requestedPath: string): Promise<void> {
    if (await this.locator.isInside(handle, realPath, realWorkspace)) return;
    throw new WorkspacePathError(
      `"${requestedPath}" changed while it was being opened and no longer leads inside the workspace ${realWorkspace}; nothing was read or written there — tools can only touch files inside it`,
      'outside',
    );
  }

  /** The refusal for an entry on the way that became a symlink after the path was checked. */
  changed(requestedPath: string): WorkspacePathError {
    return new WorkspacePathError(
      `"${requestedPath}" changed while it was being opened (a folder or file on the way became a symbolic link); nothing was read or written — try again once it stops changing`,
      'changed',
    );
  }

  /** The checked real path is walked one name at a time from the workspace, each through the folder opened before it. */
  private async openBeneath(realWorkspace: string, real: string, requestedPath: string): Promise<FileHandle> {
    const names = this.namesBelow(realWorkspace, real);
    const last = names.pop();
    if (last === undefined) return open(realWorkspace, READ_FLAGS & ~O_NOFOLLOW);
    const folder = await this.openFolder(realWorkspace, join(realWorkspace, ...names), requestedPath, false);
    try {
      return await this.openChild(join(this.locator.pathOf(folder, join(realWorkspace, ...names)), last), READ_FLAGS, requestedPath);
    } finally {
      await folder.close();
    }
  }

  /** Opens one child with O_NOFOLLOW; a symlink found there means the path changed after it was checked. */
  async openChild(path: string, flags: number, requestedPath: string, mode?: number): Promise<FileHandle> {
    try {
      return await open(path, flags | O_NOFOLLOW, mode);
    } catch (error) {
      // O_NOFOLLOW reports a symlink as ELOOP, or as ENOTDIR when a folder was asked for.
      if (errorCode(error) === 'ELOOP' || errorCode(error) === 'ENOTDIR') {
        const isLink = await lstat(path).then(
          (stats) => stats.isSymbolicLink(),
          () => false,
        );
        if (isLink) throw this.changed(requestedPath);
      }
      throw error;
    }
  }

  private async openStep(path: string, requestedPath: string, create: boolean): Promise<FileHandle> {
    try {
      return await this.openChild(path, FOLDER_FLAGS, requestedPath);
    } catch (error) {
      if (!create || errorCode(error) !== 'ENOENT') throw error;
      // Made inside the folder already open, so a swapped parent cannot put it elsewhere.
      await mkdir(path).catch((made: unknown) => {
        if (errorCode(made) !== 'EEXIST') throw made;
      });
      return this.openChild(path, FOLDER_FLAGS, requestedPath);
    }
  }

  private namesBelow(realWorkspace: string, real: string): string[] {
    return relative(realWorkspace, real).split(sep).filter(Boolean);
  }
}
