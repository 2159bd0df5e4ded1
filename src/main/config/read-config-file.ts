// Reads the config file's text, refusing at once anything that is not a regular file (a FIFO, a device, a socket).
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { ConfigError } from './config-problem';

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function unreadable(path: string, reason: string, hint = ''): ConfigError {
  return new ConfigError([{ file: path, line: 0, column: 0, keyPath: '', message: `cannot read the config file: ${reason}${hint}` }]);
}

/**
 * The text of the config at `path`, or undefined when there is no file. Opened non-blocking and checked through the
 * open descriptor: reading a FIFO would wait for a writer forever, and a device (/dev/zero) would never end.
 */
export async function readConfigFile(path: string): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw unreadable(path, (error as Error).message);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw unreadable(path, 'it is a folder, not a file');
    if (!stats.isFile()) {
      throw unreadable(path, `it is ${kindOf(stats)}, not a regular file`, '; point --config (or HAROMBE_HOME) at a harombe.yaml file');
    }
    return await handle.readFile('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw unreadable(path, (error as Error).message);
  } finally {
    await handle.close();
  }
}
