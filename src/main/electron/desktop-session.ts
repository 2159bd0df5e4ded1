// What the preload reads once, before the page's scripts run (the API's address and token, the start notice, the
// close-to-tray setting, the appearance preferences), and the checks on the one setting the window may change. Plain, so it is unit-tested.
import type { AppearancePreferences } from '../../shared/appearance-schema';
import type { HostedServer } from './runtime-host';

export interface DesktopSession {
  apiBaseUrl: string;
  token: string;
  platform: NodeJS.Platform;
  /** Why this app serves somewhere other than the configured address (the port was taken), for the window's banner. */
  notice?: string;
  /** Closing the window keeps harombe in the tray (Settings' switch shows it). */
  closeToTray: boolean;
  /** Theme, text size and send key as the desktop keeps them (they outlive a change of the server's port). */
  appearance: AppearancePreferences;
}

export function desktopSession(hosted: Pick<HostedServer, 'baseUrl' | 'token' | 'notice'>, closeToTray: boolean, platform: NodeJS.Platform, appearance: AppearancePreferences = {}): DesktopSession {
  return { apiBaseUrl: hosted.baseUrl, token: hosted.token, platform, ...(hosted.notice ? { notice: hosted.notice } : {}), closeToTray, appearance };
}

/** The window's "Keep harombe in the tray" switch: a boolean, nothing else, reaches the stored preference. */
export function closeToTrayValue(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new Error('Keeping harombe in the tray is on or off: send true or false.');
  return value;
}
