// Where an open descriptor's file really is: `/proc/self/fd` on Linux, a re-resolved path checked by inode elsewhere.
import { existsSync } from 'node:fs';
import { readlink, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isInsideFolder } from './workspace';

/** How the file tools reach and check what a descriptor holds, rather than whatever its old path names now. */
export interface DescriptorLocator {
  /**
   * A path to the entry open on `handle`, for calls Node offers only by path (readdir, mkdir, rename):
   * on Linux the entry itself, so such a call cannot be redirected; elsewhere its real path.
   */
  pathOf(handle: FileHandle, realPath: string): string;
  /** Whether the entry open on `handle` (opened at `realPath`) lies inside `realWorkspace`. */
  isInside(handle: FileHandle, realPath: string, realWorkspace: string): Promise<boolean>;
}

/**
 * Linux: `/proc/self/fd/N` is the open entry itself. Opening `/proc/self/fd/N/name` looks `name` up in
 * the folder open on N, whatever now sits at that folder's old path (what openat does in C), and
 * readlink on it gives the entry's real path as the kernel sees it.
 */
export const procDescriptorLocator: DescriptorLocator = {
  pathOf: (handle) => `/proc/self/fd/${handle.fd}`,
  isInside: async (handle, _realPath, realWorkspace) => {
    const real = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    return real !== undefined && isInsideFolder(realWorkspace, real);
  },
};

/**
 * Elsewhere (macOS, Windows: no `/proc/self/fd`, and Node has no F_GETPATH or openat): the path is
 * resolved again after the open and must lead, inside the workspace, to the very inode the descriptor
 * holds, and resolve the same way once more after that inode was looked up. Each resolution is a
 * separate walk a swap can still slip between, so this narrows the race; it cannot close it.
 */
export const pathDescriptorLocator: DescriptorLocator = {
  pathOf: (_handle, realPath) => realPath,
  isInside: async (handle, realPath, realWorkspace) => {
    try {
      const before = await realpath(realPath);
      if (!isInsideFolder(realWorkspace, before)) return false;
      const [held, found] = await Promise.all([handle.stat({ bigint: true }), stat(before, { bigint: true })]);
      if (held.dev !== found.dev || held.ino !== found.ino) return false;
      return (await realpath(realPath)) === before;
    } catch {
      // Gone or unreadable by now: not proven inside, so refused.
      return false;
    }
  },
};

let detected: DescriptorLocator | undefined;

/** The locator for this system, chosen once. */
export function defaultDescriptorLocator(): DescriptorLocator {
  detected ??= process.platform === 'linux' && existsSync('/proc/self/fd') ? procDescriptorLocator : pathDescriptorLocator;
  return detected;
}
