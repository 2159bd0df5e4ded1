// macOS's "Install 'harombe' command in PATH": links /usr/local/bin/harombe to the app's shim, asking for an
// administrator through osascript when the folder is not writable (as VS Code does for `code`).
import { execFile } from 'node:child_process';
import { access, constants, mkdir, readlink, symlink, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { macLinkPlan, MAC_LINK_PATH, shellQuote } from './cli-shim';

const run = promisify(execFile);

/** Whether `harombe` on PATH is this app's shim (the tray offers the install only while it is not). */
export async function isCliLinked(shimPath: string, linkPath = MAC_LINK_PATH): Promise<boolean> {
  return readlink(linkPath).then(
    (target) => target === shimPath,
    () => false,
  );
}

/** Whether the user can make `folder`: it, or the nearest folder above it that exists, is writable. */
async function writable(folder: string): Promise<boolean> {
  try {
    await access(folder, constants.W_OK);
    return true;
  } catch (error) {
    const parent = dirname(folder);
    // /usr/local/bin does not exist on a new Mac (Apple silicon without Homebrew): then /usr/local, or /usr, decides.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && parent !== folder) return writable(parent);
    return false;
  }
}

/** Makes the link; an error says what to run by hand when the person declines the password prompt. */
export async function installCliLink(shimPath: string, linkPath = MAC_LINK_PATH): Promise<void> {
  const plan = macLinkPlan(shimPath, linkPath);
  if (await writable(dirname(linkPath))) {
    await unlink(linkPath).catch(() => undefined);
    await mkdir(dirname(linkPath), { recursive: true });
    await symlink(shimPath, linkPath);
    return;
  }
  try {
    await run('osascript', plan.osascriptArgs);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not link ${linkPath} (${detail.trim()}). Run this in a terminal instead: sudo sh -c ${shellQuote(plan.command)}`, { cause: error });
  }
}

/** The tray's view of the macOS command: whether it is linked (read once, then after each install) and the install. */
export class MacCliCommand {
  private linkedNow: boolean | undefined;

  constructor(
    /** The app's shim: <resources>/cli/harombe. */
    readonly shimPath: string,
    private readonly linkPath = MAC_LINK_PATH,
  ) {
    void this.check();
  }

  /** For TrayState.cliOnPath: undefined until the first check has answered. */
  get linked(): boolean | undefined {
    return this.linkedNow;
  }

  async check(): Promise<boolean> {
    this.linkedNow = await isCliLinked(this.shimPath, this.linkPath);
    return this.linkedNow;
  }

  /** The tray's "Install 'harombe' command in PATH". */
  async install(): Promise<void> {
    await installCliLink(this.shimPath, this.linkPath);
    await this.check();
  }
}
