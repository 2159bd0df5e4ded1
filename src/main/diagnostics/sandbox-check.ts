// Whether the shell tool can be confined as tools.sandbox asks: bubblewrap works, is missing, or is not needed.
import type { SandboxMode } from '../../shared';
import { findOnPath, type FindExecutable, type SandboxStatus } from '../tools/sandbox';
import { failed, passed, warned, type DiagnosticCheck } from './diagnostic-check';

export interface SandboxChecker {
  detect(mode: SandboxMode): Promise<SandboxStatus>;
}

export interface SandboxCheckOptions {
  mode: SandboxMode;
  /** tools.shell: without the shell tool there is nothing to confine. */
  shellEnabled: boolean;
  detector: SandboxChecker;
  platform?: NodeJS.Platform;
  findExecutable?: FindExecutable;
}

const ID = 'sandbox';
const NAME = 'sandbox';
const INSTALL = 'Install bubblewrap: `sudo apt-get install bubblewrap` (Fedora: `sudo dnf install bubblewrap`)';

export async function checkSandbox({ mode, shellEnabled, detector, platform = process.platform, findExecutable = findOnPath }: SandboxCheckOptions): Promise<DiagnosticCheck> {
  if (!shellEnabled) return passed(ID, NAME, 'not needed: the shell tool is off (tools.shell: false)');
  if (mode === 'none') return passed(ID, NAME, 'off (tools.sandbox: none): shell commands run unconfined in the workspace');
  let status: SandboxStatus;
  try {
    status = await detector.detect(mode);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // auto only gives up this way when bwrap was too slow to answer: nothing runs unconfined, and it may pass.
    if (mode === 'auto') return warned(ID, NAME, message, { fix: 'Run `harombe doctor` again when the machine is less busy; shell commands wait for bubblewrap rather than run unconfined.' });
    // tools.sandbox: bwrap and bubblewrap cannot run: the shell tool refuses to start.
    const installed = platform === 'linux' && (await findExecutable('bwrap')) !== undefined;
    return failed(ID, NAME, message, {
      fix: platform !== 'linux' ? 'Set tools.sandbox to auto or none (bubblewrap is Linux-only).' : installed ? 'Make bubblewrap work here (containers often forbid the namespaces it needs), or set tools.sandbox to auto or none.' : `${INSTALL}, or set tools.sandbox to auto or none.`,
    });
  }
  if (status.mode === 'bwrap') return passed(ID, NAME, `bubblewrap (${status.executable}) confines shell commands`);
  if (platform !== 'linux') {
    // tools.sandbox: auto fell back: as loud as on Linux, since the shell runs unconfined all the same.
    return warned(ID, NAME, `bubblewrap is Linux-only (this is ${platform}): shell commands run unconfined in the workspace`, {
      fix: 'Set tools.sandbox: none to accept running unconfined, or tools.shell: false to turn the shell tool off.',
    });
  }
  const installed = (await findExecutable('bwrap')) !== undefined;
  if (!installed) {
    return warned(ID, NAME, 'bubblewrap (bwrap) is not installed: shell commands run unconfined in the workspace', {
      fix: `${INSTALL} to confine them.`,
    });
  }
  return warned(ID, NAME, status.reason, {
    fix: 'bubblewrap needs user namespaces, which this machine or container forbids (`bwrap --ro-bind / / true` shows its own error); allow them, or set tools.sandbox: none to accept running unconfined.',
  });
}
