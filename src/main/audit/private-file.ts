// Keeps a file readable by its owner only (0600): the audit log holds every command the agent ran, with its arguments.
import { chmod, stat } from 'node:fs/promises';

/**
 * Narrows the file at `path` to 0600 when group or others have any right to it; answers the mode it had then (octal, `0644`), or
 * undefined when it was private already or does not exist.
 */
export async function keepPrivate(path: string): Promise<string | undefined> {
  let stats;
  try {
    stats = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Only a file: a folder in its place is not narrowed (it would lose its x bit); writing to it fails and says so.
  const mode = stats.mode & 0o777;
  if (!stats.isFile() || (mode & 0o077) === 0) return undefined;
  await chmod(path, 0o600);
  return `0${mode.toString(8)}`;
}
