// Writes a file so a crash at any moment leaves either the old or the new content: temp file, fsync, rename.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tempFileName } from './temp-name';

export interface AtomicWriteOptions {
  /** File mode of the new file (e.g. 0o600 for files holding secrets); the umask can only narrow it. */
  mode?: number;
  /**
   * Also fsync the folder, so the new content has surely reached the disk when the promise resolves (a power cut
   * just after would otherwise leave the old content, still whole). Default true; conversations, saved on every turn,
   * skip it.
   */
  syncFolder?: boolean;
}

/** Folders known to exist: each file-system call is a round trip through libuv's thread pool. */
const knownFolders = new Set<string>();
/** Temp names are unique within the process; O_EXCL makes sure no other process (or a crash's leftover) owns one. */
let tempCounter = 0;

/** Named for the file and this process, so the next start can tell a killed write's leftover (stale-temp-files.ts). */
function tempPath(folder: string, path: string): string {
  tempCounter = (tempCounter + 1) % Number.MAX_SAFE_INTEGER;
  return join(folder, tempFileName(basename(path), process.pid, tempCounter));
}

async function createTemp(folder: string, path: string, mode: number) {
  for (let attempt = 0; ; attempt += 1) {
    const temp = tempPath(folder, path);
    try {
      // Created here with the mode (never an existing file with another one).
      return { temp, handle: await open(temp, 'wx', mode) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && attempt === 0) {
        knownFolders.delete(folder);
        await mkdir(folder, { recursive: true });
        continue;
      }
      if (code === 'EEXIST' && attempt < 5) continue;
      throw error;
    }
  }
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const folder = dirname(path);
  if (!knownFolders.has(folder)) {
    await mkdir(folder, { recursive: true });
    knownFolders.add(folder);
  }
  const { temp, handle } = await createTemp(folder, path, options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (options.syncFolder === false) return;
  // Make the rename itself durable.
  const directory = await open(folder, 'r').catch(() => null);
  if (directory) {
    await directory.sync().catch(() => undefined);
    await directory.close();
  }
}
