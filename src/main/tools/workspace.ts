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

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function isInsideFolder(folder: string, path: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (!isAbsolute(fromFolder) && fromFolder !== '..' && !fromFolder.startsWith(`..${sep}`));
}

/**
 * The real path `path` leads to when parts of it do not exist yet: walks it one component at a
 * time from the root, following every symlink it meets (dangling ones too), so a link anywhere
 * on the way cannot smuggle a write outside.
 */
async function realpathOfMissing(path: string): Promise<string> {
  const root = parse(path).root;
  const pending = path.slice(root.length).split(sep).filter(Boolean);
  let current = root;
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
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (!stats) {
      // Nothing exists from here on: the rest is created as written.
      return resolve(next, ...pending);
    }
    if (stats.isSymbolicLink()) {
      if (++hops > MAX_SYMLINK_HOPS) throw new WorkspacePathError(`"${path}" has too many levels of symbolic links`, 'invalid');
      const target = await readlink(next);
      if (isAbsolute(target)) current = parse(target).root;
      pending.unshift(...target.slice(isAbsolute(target) ? parse(target).root.length : 0).split(sep).filter(Boolean));
      continue;
    }
    current = next;
  }
  return current;
}

async function realpathAllowingMissing(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
    return realpathOfMissing(path);
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
  // Judged on the real path only, so `/home/me/link-to-workspace/x` is inside and `link-to-etc/x` is not.
  const real = await realpathAllowingMissing(candidate);
  if (!isInsideFolder(realWorkspace, real)) throw outside(real === candidate ? undefined : real);
  if (await isHidden(real, realWorkspace, options.hidden ?? [])) {
    throw new WorkspacePathError(`"${requestedPath}" is harombe's own (its home folder or config file); tools cannot touch it`, 'outside');
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
    const realHidden = await realpathAllowingMissing(resolve(path));
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
