// The desktop app's close and quit flows as plain state machines: closing a window keeps harombe in the tray (once
// with a notice, unless the setting says quit), and quitting stops the whole runtime before the process may exit.

export interface ClosePreferences {
  /** Closing the last window keeps harombe running in the tray (the default) instead of quitting. */
  closeToTray: boolean;
  /** The one-line "harombe is still running in the tray" notice has been shown once already. */
  closeNoticeShown: boolean;
}

export type CloseDecision =
  /** Hide the window; harombe keeps serving. `notice`: say so (and how to quit), the first time only. */
  | { action: 'hide'; notice: boolean }
  /** Let it close (the app is quitting) . */
  | { action: 'close' }
  /** Closing this window quits harombe (the setting is off). */
  | { action: 'quit' };

export function decideClose(preferences: ClosePreferences, quitting: boolean): CloseDecision {
  if (quitting) return { action: 'close' };
  if (!preferences.closeToTray) return { action: 'quit' };
  return { action: 'hide', notice: !preferences.closeNoticeShown };
}

export const CLOSE_NOTICE = 'harombe is still running in the tray, serving the API. Quit it from the tray menu (Quit) to stop everything.';

export type QuitState = 'running' | 'stopping' | 'stopped';

/**
 * Quit: the first request holds the exit (Electron's before-quit is prevented), stops everything once, then lets the
 * app exit. Requests made while stopping join it; a stop that fails still exits, after saying what failed.
 */
export class QuitFlow {
  private state: QuitState = 'running';
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly stopEverything: () => Promise<void>,
    private readonly exit: () => void,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get current(): QuitState {
    return this.state;
  }

  get quitting(): boolean {
    return this.state !== 'running';
  }

  /** Called on before-quit: true when the quit must wait (prevent it); false once everything has stopped. */
  requestQuit(): boolean {
    if (this.state === 'stopped') return false;
    this.stopping ??= this.run();
    return true;
  }

  /** Resolves once everything has stopped and exit() was called. */
  get done(): Promise<void> {
    return this.stopping ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    this.state = 'stopping';
    try {
      await this.stopEverything();
    } catch (error) {
      this.onError(error);
    }
    this.state = 'stopped';
    this.exit();
  }
}
