// The tools workspace a config names, checked and made ready: a folder harombe can write, never a kernel folder, never a hang.
import { constants } from 'node:fs';
import { access, lstat, mkdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from './config-problem';

/** Folders the kernel makes up: creating a folder there fails in odd ways (Node's recursive mkdir spins forever in /proc). */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const HINT = 'Set tools.workspace to a folder you own (it is created if missing), e.g. ~/harombe-workspace.';

/** The workspace cannot be used; the message says why, the hint what to do. */
export class WorkspaceError extends Error {
  readonly hint = HINT;
  constructor(message: string) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

function isInside(folder: string, path: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (!isAbsolute(fromFolder) && fromFolder !== '..' && !fromFolder.startsWith(`..${sep}`));
}

function describeKind(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a folder';
}

function reasonOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** The longest part of `folder` that exists (lstat: a dangling link counts), and the names below it still to create. */
async function existingPart(folder: string): Promise<{ existing: string; missing: string[] }> {
  const missing: string[] = [];
  let existing = folder;
  for (;;) {
    try {
      await lstat(existing);
      return { existing, missing };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw new WorkspaceError(`cannot use ${folder} as the tools workspace: part of the path is a file, not a folder`);
      if (code !== 'ENOENT' || dirname(existing) === existing) {
        throw new WorkspaceError(`cannot use ${folder} as the tools workspace (${reasonOf(error)})`);
      }
      missing.unshift(basename(existing));
      existing = dirname(existing);
    }
  }
}

function refuseSystemFolder(folder: string, real: string): void {
  const system = SYSTEM_FOLDERS.find((root) => isInside(root, folder) || isInside(root, real));
  if (system) {
    const leads = real === folder ? '' : ` (it leads to ${real})`;
    throw new WorkspaceError(`cannot use ${folder} as the tools workspace${leads}: ${system} is a system folder the kernel provides, not a place for files`);
  }
}

/**
 * The folder tools act in: `configured` (`~` expanded) when set, else `fallback`; created when missing, one level at a
 * time, and returned as a real path. Refused at once (WorkspaceError) when it has a control character, is in /proc,
 * /sys or /dev (also through a link), is a file, pipe or device, or cannot be created or written.
 */
export async function prepareWorkspace(configured: string | undefined, fallback: string, home: string = homedir()): Promise<string> {
  const written = configured ?? fallback;
  if (CONTROL_CHARACTER.test(written)) {
    throw new WorkspaceError(`cannot use ${JSON.stringify(written)} as the tools workspace: a folder path has no control characters`);
  }
  const folder = resolve(expandHome(written, home));
  const { existing, missing } = await existingPart(folder);
  const realExisting = await realpath(existing).catch((error: unknown) => {
    throw new WorkspaceError(`cannot use ${folder} as the tools workspace: ${existing} cannot be followed (${reasonOf(error)})`);
  });
  const target = join(realExisting, ...missing);
  refuseSystemFolder(folder, target);
  const base = await stat(realExisting);
  if (!base.isDirectory()) {
    const what = missing.length === 0 ? folder : realExisting;
    throw new WorkspaceError(`cannot use ${folder} as the tools workspace: ${what} is ${describeKind(base)}, not a folder`);
  }
  // One level at a time: a recursive mkdir retries forever where the kernel answers ENOENT to every attempt.
  let current = realExisting;
  for (const name of missing) {
    current = join(current, name);
    await mkdir(current).catch(async (error: unknown) => {
      const exists = (error as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(current).catch(() => undefined))?.isDirectory();
      if (!exists) throw new WorkspaceError(`cannot create ${current} for the tools workspace (${reasonOf(error)})`);
    });
  }
  await access(target, constants.W_OK | constants.X_OK).catch((error: unknown) => {
    throw new WorkspaceError(`cannot use ${folder} as the tools workspace: it is not writable (${reasonOf(error)})`);
  });
  return realpath(target);
}

/**
 * prepareWorkspace for the config in `file`: a tools.workspace harombe cannot use is a ConfigError naming the key, so
 * `harombe start` and PUT /config refuse it as they refuse a bad value (nothing started, nothing saved).
 */
export async function prepareConfiguredWorkspace(configured: string | undefined, fallback: string, file: string): Promise<string> {
  try {
    return await prepareWorkspace(configured, fallback);
  } catch (error) {
    if (!(error instanceof WorkspaceError) || configured === undefined) throw error;
    const message = `${error.message}; set it to a folder you own (it is created if missing)`;
    throw new ConfigError([{ file, line: 0, column: 0, keyPath: 'tools.workspace', message }]);
  }
}
