// How shell commands are confined: bubblewrap on Linux when it works here, otherwise plain (workspace as cwd only).
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { SandboxMode } from '../../shared';

export type SandboxStatus =
  | { mode: 'bwrap'; reason: string; /** Path of the bwrap executable in use. */ executable: string }
  | { mode: 'none'; reason: string };

const INSTALL_HINT = 'install it with `apt-get install bubblewrap` (or your distribution\'s bubblewrap package)';

/** `tools.sandbox: bwrap` was asked for, but bubblewrap cannot run here; nothing runs unconfined instead. */
export class SandboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUnavailableError';
  }
}

/**
 * The confinement, minus the command: the whole file system read-only, the workspace read-write,
 * a private /tmp, fresh /dev and /proc, its own PID namespace (so nothing it starts outlives it),
 * no capabilities (as root, bwrap would otherwise keep them, and `mount -o remount,rw /` would undo
 * the read-only bind). The network stays on: web tools and package managers need it.
 */
export function bubblewrapConfinement(workspace?: string): string[] {
  const confinement = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  // After --tmpfs /tmp, so a workspace under /tmp is bound on top of the private /tmp, not hidden by it.
  if (workspace) confinement.push('--bind', workspace, workspace, '--chdir', workspace);
  confinement.push('--unshare-pid', '--die-with-parent', '--cap-drop', 'ALL');
  return confinement;
}

/** bwrap's arguments to run `command` with /bin/sh -c inside the confinement. */
export function bubblewrapArguments(workspace: string, command: string): string[] {
  return [...bubblewrapConfinement(workspace), '--', '/bin/sh', '-c', command];
}

export type FindExecutable = (name: string) => Promise<string | undefined>;
export type RunProbe = (executable: string, args: readonly string[]) => Promise<{ ok: boolean; detail: string }>;

export interface SandboxDetectorOptions {
  platform?: NodeJS.Platform;
  findExecutable?: FindExecutable;
  runProbe?: RunProbe;
}

/** Looks for an executable on PATH, like `which`. */
export const findOnPath: FindExecutable = async (name) => {
  for (const folder of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
};

const PROBE_TIMEOUT_MS = 5000;

/** Runs bwrap with the real confinement around `true`: some containers forbid the namespaces it needs. */
export const runBubblewrapProbe: RunProbe = (executable, args) =>
  new Promise((resolve) => {
    execFile(executable, [...args], { timeout: PROBE_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (!error) resolve({ ok: true, detail: '' });
      else resolve({ ok: false, detail: (stderr.trim() || error.message).split('\n')[0] ?? '' });
    });
  });

type Probe = { found: false } | { found: true; executable: string; ok: boolean; detail: string };

export class SandboxDetector {
  private readonly platform: NodeJS.Platform;
  private readonly findExecutable: FindExecutable;
  private readonly runProbe: RunProbe;
  private probe: Promise<Probe> | undefined;

  constructor(options: SandboxDetectorOptions = {}) {
    this.platform = options.platform ?? process.platform;
    this.findExecutable = options.findExecutable ?? findOnPath;
    this.runProbe = options.runProbe ?? runBubblewrapProbe;
  }

  /** The confinement in use for `mode`; rejects with SandboxUnavailableError when `bwrap` is required but cannot run. */
  async detect(mode: SandboxMode): Promise<SandboxStatus> {
    if (mode === 'none') return { mode: 'none', reason: 'tools.sandbox is none: shell commands run unconfined, with the workspace as their folder' };
    if (this.platform !== 'linux') {
      if (mode === 'bwrap') throw new SandboxUnavailableError(`tools.sandbox is bwrap, but bubblewrap only runs on Linux (this is ${this.platform}); set tools.sandbox to auto or none`);
      return { mode: 'none', reason: `bubblewrap only runs on Linux (this is ${this.platform}): shell commands run unconfined, with the workspace as their folder` };
    }
    const probe = await (this.probe ??= this.runProbeOnce());
    if (probe.found && probe.ok) {
      return {
        mode: 'bwrap',
        executable: probe.executable,
        reason: `bubblewrap (${probe.executable}): the workspace is writable, the rest of the file system read-only, /tmp private; network on`,
      };
    }
    const problem = probe.found ? `bubblewrap at ${probe.executable} does not work here (${probe.detail})` : 'bubblewrap (bwrap) is not installed';
    if (mode === 'bwrap') {
      throw new SandboxUnavailableError(`tools.sandbox is bwrap, but ${problem}; ${probe.found ? 'fix it' : INSTALL_HINT}, or set tools.sandbox to auto or none`);
    }
    return { mode: 'none', reason: `${problem}: shell commands run unconfined, with the workspace as their folder${probe.found ? '' : ` (${INSTALL_HINT} to confine them)`}` };
  }

  private async runProbeOnce(): Promise<Probe> {
    const executable = await this.findExecutable('bwrap');
    if (!executable) return { found: false };
    const result = await this.runProbe(executable, [...bubblewrapConfinement(), 'true']);
    return { found: true, executable, ...result };
  }
}

const sharedDetector = new SandboxDetector();

/** The sandbox shell commands get for `tools.sandbox` on this machine (probed once per process); for /tools and `harombe doctor`. */
export function detectSandbox(mode: SandboxMode): Promise<SandboxStatus> {
  return sharedDetector.detect(mode);
}

/** The detector behind detectSandbox, so the shell tool shares its one probe. */
export function defaultSandboxDetector(): SandboxDetector {
  return sharedDetector;
}
