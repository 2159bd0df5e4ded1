// Removes what killed atomic writes left behind: harombe's own temp files whose writer is gone, in harombe's own folders.
import { lstat, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { formatBytes } from '../../shared/format';
import { parseTempFileName } from './temp-name';

export interface TempFolder {
  folder: string;
  /** Only the temp files of these files (a config's folder may be full of a person's own files). Default: any file. */
  files?: readonly string[];
  /** Which files' temp files from before harombe marked its temp names are claimed here (see temp-name.ts). */
  earlierFor?: (file: string) => boolean;
}

export interface TempSweepOptions {
  /**
   * A temp file this old is a leftover even when a process with its pid is alive: a write takes milliseconds, and
   * after a reboot the pid may be someone else's. Default 10 minutes.
   */
  maxAgeMs?: number;
  now?: () => number;
  isAlive?: (pid: number) => boolean;
}

export interface TempSweepResult {
  removed: string[];
  bytes: number;
}

const DEFAULT_MAX_AGE_MS = 10 * 60 * 1000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the stale temp files in `folders`; never throws (what cannot be read or removed is left as it is). */
export async function removeStaleTempFiles(folders: readonly TempFolder[], options: TempSweepOptions = {}): Promise<TempSweepResult> {
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const now = (options.now ?? Date.now)();
  const isAlive = options.isAlive ?? isProcessAlive;
  const result: TempSweepResult = { removed: [], bytes: 0 };
  const seen = new Set<string>();
  for (const { folder, files, earlierFor } of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const temp = parseTempFileName(name, earlierFor);
      if (!temp || (files && !files.includes(temp.file))) continue;
      const path = join(folder, name);
      if (seen.has(path)) continue;
      seen.add(path);
      const stats = await lstat(path).catch(() => undefined);
      // Only a plain file: never a link, a folder or a device, whatever its name.
      if (!stats?.isFile()) continue;
      const writerGone = temp.pid !== process.pid && !isAlive(temp.pid);
      if (!writerGone && now - stats.mtimeMs < maxAgeMs) continue;
      const removed = await rm(path).then(() => true, () => false);
      if (!removed) continue;
      result.removed.push(path);
      result.bytes += stats.size;
    }
  }
  return result;
}

/** Where harombe writes: $HAROMBE_HOME, the conversations folder, and the config file in use. */
export interface HarombeFiles {
  home: string;
  conversations: string;
  config: string;
}

/** Those folders; in the config's own folder only the config's temp files, since `--config` may point anywhere. */
export function harombeTempFolders({ home, conversations, config }: HarombeFiles): TempFolder[] {
  const configName = basename(config);
  const isConfig = (file: string) => file === configName;
  return [
    { folder: home, earlierFor: isConfig },
    { folder: conversations, earlierFor: (file) => file.endsWith('.json') },
    { folder: dirname(config), files: [configName], earlierFor: isConfig },
  ];
}

/** Clears what writes cut off by a kill or a crash left in harombe's folders; a line for the log when there was any. */
export async function removeLeftoverTempFiles(files: HarombeFiles, options: TempSweepOptions = {}): Promise<string | undefined> {
  const { removed, bytes } = await removeStaleTempFiles(harombeTempFolders(files), options);
  if (removed.length === 0) return undefined;
  const size = formatBytes(bytes);
  return `Removed ${removed.length} temp file${removed.length === 1 ? '' : 's'} (${size}) left by writes that were cut off (a kill or a crash).`;
}
