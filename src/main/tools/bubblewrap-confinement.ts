// bubblewrap's arguments for one shell command: what the command sees of the file system, the network and other processes.
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';

/** A path the command must not see: a folder becomes an empty tmpfs, a file unreadable (/dev/null on a nodev mount). */
export interface HiddenPath {
  path: string;
  kind: 'folder' | 'file';
}

export interface ConfinementOptions {
  /** Bound read-write at its own path and made the starting folder; a real path. */
  workspace?: string;
  /** Hidden even where they sit under the workspace or /tmp (harombe's home, its config file); real paths. */
  hidden?: readonly HiddenPath[];
  /** tools.sandbox_network: share the host's network (and with it 127.0.0.1, harombe's own API included). */
  network?: boolean;
}

/** `tools.workspace` is a folder bubblewrap must hide (harombe's home): the command would see nothing of it. */
export class WorkspaceHiddenError extends Error {
  constructor(readonly workspace: string) {
    super(
      `the workspace ${workspace} is harombe's own folder, which holds harombe.yaml, the local token and the conversations; ` +
        'shell commands are never shown it. Set tools.workspace to a folder of its own (the server\'s default is $HAROMBE_HOME/workspace)',
    );
    this.name = 'WorkspaceHiddenError';
  }
}

const depth = (path: string): number => path.split(sep).filter(Boolean).length;
const isInside = (path: string, folder: string): boolean => path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);

/** Drops what a hidden folder already hides (harombe.yaml inside the home), unless the workspace bind brings it back. */
function withoutCovered(hidden: readonly HiddenPath[], workspace: string | undefined): HiddenPath[] {
  return hidden.filter(
    (entry) =>
      !hidden.some(
        (folder) =>
          folder.kind === 'folder' &&
          isInside(entry.path, folder.path) &&
          !(workspace && isInside(workspace, folder.path) && isInside(entry.path, workspace)),
      ),
  );
}

/**
 * The confinement, minus the command: the whole file system read-only, the workspace read-write, a private /tmp, the
 * hidden paths gone, fresh /dev and /proc, no network unless asked for, its own PID namespace (so nothing it starts
 * outlives it, a `setsid` child included), no capabilities (as root, bwrap would otherwise keep them, and
 * `mount -o remount,rw /` would undo the read-only bind).
 */
export function bubblewrapConfinement(options: ConfinementOptions = {}): string[] {
  const { workspace, hidden = [] } = options;
  if (workspace && hidden.some((entry) => entry.path === workspace)) throw new WorkspaceHiddenError(workspace);
  // bwrap applies mounts in order, so a shallower path goes first and a deeper one lands on top of it: the workspace
  // inside a hidden $HAROMBE_HOME (or inside the private /tmp) stays visible, and a home inside the workspace is hidden.
  const mounts: Array<{ path: string; args: string[] }> = [{ path: '/tmp', args: ['--tmpfs', '/tmp'] }];
  for (const entry of withoutCovered(hidden, workspace)) {
    mounts.push({ path: entry.path, args: entry.kind === 'folder' ? ['--tmpfs', entry.path] : ['--ro-bind', '/dev/null', entry.path] });
  }
  if (workspace) mounts.push({ path: workspace, args: ['--bind', workspace, workspace] });
  mounts.sort((a, b) => depth(a.path) - depth(b.path));

  const confinement = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', ...mounts.flatMap((mount) => mount.args)];
  if (workspace) confinement.push('--chdir', workspace);
  if (!options.network) confinement.push('--unshare-net');
  confinement.push('--unshare-pid', '--die-with-parent', '--cap-drop', 'ALL');
  return confinement;
}

/** bwrap's arguments to run `command` with /bin/sh -c inside the confinement. */
export function bubblewrapArguments(options: ConfinementOptions & { workspace: string }, command: string): string[] {
  return [...bubblewrapConfinement(options), '--', '/bin/sh', '-c', command];
}

/**
 * The paths to hide as they are now: real paths (bwrap mounts over what a symlink points to), folders or files; a path
 * that does not exist (yet) has nothing to hide. Resolved per command, so a home created after start-up is hidden too.
 */
export async function resolveHiddenPaths(paths: readonly string[]): Promise<HiddenPath[]> {
  const resolved = await Promise.all(
    paths.map(async (path): Promise<HiddenPath | undefined> => {
      try {
        const real = await realpath(path);
        return { path: real, kind: (await stat(real)).isDirectory() ? 'folder' : 'file' };
      } catch {
        return undefined;
      }
    }),
  );
  const unique = new Map<string, HiddenPath>();
  for (const entry of resolved) if (entry) unique.set(entry.path, entry);
  return [...unique.values()];
}
