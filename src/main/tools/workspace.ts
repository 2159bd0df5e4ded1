// The workspace rule: tools touch only real paths inside one folder, whatever `..`, absolute paths or symlinks say.
import { lstat, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';

/** A path a tool may not touch, or cannot find; the message says which and what to do. */
export class WorkspacePathError extends Error {
  constructor(
    message: string,
    /** `changed`: the path changed (a symlink appeared on it) between being checked and being opened. */
    readonly reason: 'outside' | 'missing' | 'invalid' | 'changed',
  ) {
    super(message);
    this.name = 'WorkspacePathError';
  }
}

export interface ResolveOptions {
  /** A write may name a file that does not exist yet; a read may not. */
  forWrite?: boolean;
  /**
   * Paths refused even inside the workspace: harombe's home (its token, config, conversations) and its config file.
   * A workspace inside one of them stays usable — only the rest of it is refused, as the sandbox hides it.
   */
  hidden?: readonly string[];
}

// Linux gives up after 40 links (ELOOP); so do we.
const MAX_SYMLINK_HOPS = 40;

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export function isInsideFolder(folder: string, path: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (!isAbsolute(fromFolder) && fromFolder !== '..' && !fromFolder.startsWith(`..${sep}`));
}

/** Where a path really leads; `notFolder` when it goes on below an entry that cannot hold any (`notes.md/x`). */
interface WalkedPath {
  real: string;
  notFolder?: { path: string; isFile: boolean };
}

/** More than MAX_SYMLINK_HOPS links on one path; `loop` when one of them came round again (`at` is the first that did). */
class TooManyLinks extends Error {
  constructor(
    readonly at: string,
    readonly loop: boolean,
  ) {
    super(`too many symbolic links at ${at}`);
  }
}

/**
 * The real path `path` leads to when the system's own realpath gives up on it (a part missing, a file where
 * a folder should be, too many links): walks it one component at a time from the root, following every
 * symlink it meets (dangling ones too), so a link anywhere on the way cannot smuggle a write outside.
 */
async function walkRealpath(path: string): Promise<WalkedPath> {
  const root = parse(path).root;
  const pending = path.slice(root.length).split(sep).filter(Boolean);
  let current = root;
  const linksMet = new Set<string>();
  let cameRound: string | undefined;
  let hops = 0;
  while (pending.length > 0) {
    const component = pending.shift() as string;
    if (component === '.') continue;
    if (component === '..') {
      current = dirname(current);
      continue;
    }
    const next = join(current, component);
    const stats = await lstat(next).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (!stats) {
      // Nothing exists from here on: the rest is created as written.
      return { real: resolve(next, ...pending) };
    }
    if (stats.isSymbolicLink()) {
      // Meeting a link twice is no loop by itself (`here -> .` in `here/here/x`); past the limit it tells which it was.
      if (linksMet.has(next)) cameRound ??= next;
      linksMet.add(next);
      if (++hops > MAX_SYMLINK_HOPS) throw new TooManyLinks(cameRound ?? next, cameRound !== undefined);
      const target = await readlink(next);
      if (isAbsolute(target)) current = parse(target).root;
      pending.unshift(...target.slice(isAbsolute(target) ? parse(target).root.length : 0).split(sep).filter(Boolean));
      continue;
    }
    if (!stats.isDirectory() && pending.length > 0) {
      return { real: resolve(next, ...pending), notFolder: { path: next, isFile: stats.isFile() } };
    }
    current = next;
  }
  return { real: current };
}

async function walkAllowingMissing(path: string): Promise<WalkedPath> {
  try {
    return { real: await realpath(path) };
  } catch (error) {
    // ENOENT: a part is missing; ENOTDIR: a part is a file; ELOOP: too many links. The walk says which.
    if (!['ENOENT', 'ENOTDIR', 'ELOOP'].includes(errorCode(error) ?? '')) throw error;
    return walkRealpath(path);
  }
}

/**
 * The real path of `requestedPath` (relative to the workspace, or absolute), refusing anything
 * that is, or leads, outside the workspace.
 */
export async function resolveInWorkspace(workspace: string, requestedPath: string, options: ResolveOptions = {}): Promise<string> {
  if (requestedPath.includes('\0')) throw new WorkspacePathError(`"${requestedPath.replaceAll('\0', '\\0')}" is not a valid path`, 'invalid');
  const realWorkspace = await realpath(workspace);
  const candidate = resolve(realWorkspace, requestedPath);
  const outside = (leadsTo?: string): WorkspacePathError =>
    new WorkspacePathError(
      `"${requestedPath}" is outside the workspace ${realWorkspace}${leadsTo ? ` (it leads to ${leadsTo})` : ''}; tools can only touch files inside it`,
      'outside',
    );
  const named = (path: string): string => (isInsideFolder(realWorkspace, path) ? displayPath(realWorkspace, path) : path);
  // Judged on the real path only, so `/home/me/link-to-workspace/x` is inside and `link-to-etc/x` is not.
  const { real, notFolder } = await walkAllowingMissing(candidate).catch((error: unknown) => {
    if (!(error instanceof TooManyLinks)) throw error;
    throw new WorkspacePathError(
      error.loop
        ? `"${requestedPath}" leads into a loop of symbolic links at ${named(error.at)}; fix or remove that link`
        : `"${requestedPath}" goes through more than ${MAX_SYMLINK_HOPS} symbolic links in a row; point the first one nearer its target`,
      'invalid',
    );
  });
  if (!isInsideFolder(realWorkspace, real)) throw outside(real === candidate ? undefined : real);
  if (await isHidden(real, realWorkspace, options.hidden ?? [])) {
    throw new WorkspacePathError(`"${requestedPath}" is harombe's own (its home folder or config file); tools cannot touch it`, 'outside');
  }
  // After the outside check: a file outside is refused as outside, without saying what it is.
  if (notFolder) {
    const what = notFolder.isFile ? 'is a file, not a folder' : 'is not a folder';
    throw new WorkspacePathError(`"${requestedPath}": ${named(notFolder.path)} ${what}, so nothing can be inside it`, 'invalid');
  }
  if (!options.forWrite) {
    const exists = await lstat(real).then(
      () => true,
      () => false,
    );
    if (!exists) throw new WorkspacePathError(`"${requestedPath}" does not exist in the workspace ${realWorkspace}`, 'missing');
  }
  return real;
}

/** Inside a hidden path, and not inside a workspace that itself lies within that hidden path. */
async function isHidden(real: string, realWorkspace: string, hidden: readonly string[]): Promise<boolean> {
  for (const path of hidden) {
    const { real: realHidden } = await walkAllowingMissing(resolve(path));
    if (!isInsideFolder(realHidden, real)) continue;
    const workspaceWithin = isInsideFolder(realHidden, realWorkspace) && realWorkspace !== realHidden;
    if (!(workspaceWithin && isInsideFolder(realWorkspace, real))) return true;
  }
  return false;
}

/** The path as a person reads it: relative to the workspace, or `.` for the workspace itself. */
export function displayPath(workspace: string, realPath: string): string {
  return relative(workspace, realPath) || '.';
}
