// How shell commands are confined: bubblewrap on Linux when it works here, otherwise plain (workspace as cwd only).
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { SandboxMode } from '../../shared';
import { bubblewrapConfinement } from './bubblewrap-confinement';

export type SandboxStatus =
  | { mode: 'bwrap'; reason: string; /** Path of the bwrap executable in use. */ executable: string }
  | {
      mode: 'none';
      reason: string;
      /** One line saying commands run unconfined, why, and what to do: for start-up, the chat banner and GET /tools. */
      warning?: string;
    };

export interface SandboxRequest {
  /** tools.sandbox_network: the confinement keeps the host's network; probed as it will run. */
  network?: boolean;
}

const INSTALL_HINT = 'install it with `apt-get install bubblewrap` (or your distribution\'s bubblewrap package)';
const UNCONFINED = 'shell commands run unconfined (no sandbox)';

/** `tools.sandbox: bwrap` was asked for, but bubblewrap cannot run here; nothing runs unconfined instead. */
export class SandboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUnavailableError';
  }
}

export type FindExecutable = (name: string) => Promise<string | undefined>;
/** `timedOut`: bwrap did not answer in time, which says nothing about whether it works. */
export type RunProbe = (executable: string, args: readonly string[]) => Promise<{ ok: boolean; detail: string; timedOut?: boolean }>;

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

// The probe takes milliseconds, but a new network namespace can wait seconds for the kernel to tear down recent ones,
// and a loaded 2-core machine adds more: a short limit made `auto` fall back to unconfined now and then.
export const PROBE_TIMEOUT_MS = 30_000;

/** Runs bwrap with the real confinement around `true`: some containers forbid the namespaces it needs. */
export const runBubblewrapProbe: RunProbe = (executable, args) =>
  new Promise((resolve) => {
    execFile(executable, [...args], { timeout: PROBE_TIMEOUT_MS }, (error, _stdout, stderr) => {
      if (!error) resolve({ ok: true, detail: '' });
      else if (error.killed) resolve({ ok: false, timedOut: true, detail: `no answer within ${PROBE_TIMEOUT_MS / 1000} s` });
      else resolve({ ok: false, detail: (stderr.trim() || error.message).split('\n')[0] ?? '' });
    });
  });

type Probe = { found: false } | { found: true; executable: string; ok: boolean; detail: string; timedOut?: boolean };

export class SandboxDetector {
  private readonly platform: NodeJS.Platform;
  private readonly findExecutable: FindExecutable;
  private readonly runProbe: RunProbe;
  /** Per network setting (the probe runs the confinement as it will be used); only lasting verdicts stay. */
  private readonly probes = new Map<boolean, Promise<Probe>>();

  constructor(options: SandboxDetectorOptions = {}) {
    this.platform = options.platform ?? process.platform;
    this.findExecutable = options.findExecutable ?? findOnPath;
    this.runProbe = options.runProbe ?? runBubblewrapProbe;
  }

  /** The confinement in use for `mode`; rejects with SandboxUnavailableError when `bwrap` is required but cannot run. */
  async detect(mode: SandboxMode, request: SandboxRequest = {}): Promise<SandboxStatus> {
    if (mode === 'none') {
      return {
        mode: 'none',
        reason: 'tools.sandbox is none: shell commands run unconfined, with the workspace as their folder',
        warning: `${UNCONFINED}: tools.sandbox is none in harombe.yaml`,
      };
    }
    if (this.platform !== 'linux') {
      if (mode === 'bwrap') throw new SandboxUnavailableError(`tools.sandbox is bwrap, but bubblewrap only runs on Linux (this is ${this.platform}); set tools.sandbox to auto or none`);
      return {
        mode: 'none',
        reason: `bubblewrap only runs on Linux (this is ${this.platform}): shell commands run unconfined, with the workspace as their folder`,
        warning: `${UNCONFINED}: bubblewrap only runs on Linux (this is ${this.platform})`,
      };
    }
    const network = request.network ?? false;
    const probe = await this.probe(network);
    if (probe.found && probe.ok) {
      return {
        mode: 'bwrap',
        executable: probe.executable,
        reason:
          `bubblewrap (${probe.executable}): the workspace is writable, the rest of the file system read-only, /tmp private, ` +
          `harombe's own folder hidden; ${network ? "network on (tools.sandbox_network), harombe's API included" : 'no network'}`,
      };
    }
    if (probe.found && probe.timedOut) {
      // Slow is not broken: running unconfined because the machine was busy would undo the sandbox by accident.
      throw new SandboxUnavailableError(
        `bubblewrap at ${probe.executable} gave no answer within ${PROBE_TIMEOUT_MS / 1000} s (is the machine overloaded?); nothing ran — try again`,
      );
    }
    const problem = probe.found ? `bubblewrap at ${probe.executable} does not work here (${probe.detail})` : 'bubblewrap (bwrap) is not installed';
    if (mode === 'bwrap') {
      throw new SandboxUnavailableError(`tools.sandbox is bwrap, but ${problem}; ${probe.found ? 'fix it' : INSTALL_HINT}, or set tools.sandbox to auto or none`);
    }
    return {
      mode: 'none',
      reason: `${problem}: shell commands run unconfined, with the workspace as their folder${probe.found ? '' : ` (${INSTALL_HINT} to confine them)`}`,
      warning: probe.found
        ? `${UNCONFINED}: ${problem} — \`harombe doctor\` says more`
        : `${UNCONFINED}: bubblewrap is not installed — apt-get install bubblewrap`,
    };
  }

  /** One probe at a time per setting; "works" and "not installed" are kept, a failure is asked again next time. */
  private async probe(network: boolean): Promise<Probe> {
    const cached = this.probes.get(network);
    if (cached) return cached;
    const running = this.runProbeOnce(network);
    this.probes.set(network, running);
    const probe = await running;
    // A failure may pass (a busy machine, a namespace limit reached for a moment): one must not disarm the sandbox for good.
    if (probe.found && !probe.ok) this.probes.delete(network);
    return probe;
  }

  private async runProbeOnce(network: boolean): Promise<Probe> {
    const executable = await this.findExecutable('bwrap');
    if (!executable) return { found: false };
    const result = await this.runProbe(executable, [...bubblewrapConfinement({ network }), 'true']);
    return { found: true, executable, ...result };
  }
}

const sharedDetector = new SandboxDetector();

/** The sandbox shell commands get for `tools.sandbox` on this machine (a working bubblewrap is probed once per process); for /tools and `harombe doctor`. */
export function detectSandbox(mode: SandboxMode, request: SandboxRequest = {}): Promise<SandboxStatus> {
  return sharedDetector.detect(mode, request);
}

/** The detector behind detectSandbox, so the shell tool shares its one probe. */
export function defaultSandboxDetector(): SandboxDetector {
  return sharedDetector;
}
