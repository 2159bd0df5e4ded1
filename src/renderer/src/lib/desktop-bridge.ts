// The desktop app's native actions (src/preload), present only when the renderer runs in harombe's window.
import type { AppearancePreferences } from '../../../shared/appearance-schema';

interface DesktopBridge {
  /** The local token of the server the window shows, handed by the desktop app (wins over a sign-in link). */
  token?: string;
  openConfig?: (path: string) => Promise<void>;
  /** Why harombe serves somewhere other than the configured address (the port was taken), for a banner. */
  startNotice?: string;
  /** Closing the window keeps harombe in the tray (the stored setting when the page loaded). */
  closeToTray?: boolean;
  setCloseToTray?: (enabled: boolean) => Promise<void>;
  /** Theme, text size and send key as the desktop keeps them (read when the page loaded). */
  appearance?: AppearancePreferences;
  saveAppearance?: (update: AppearancePreferences) => Promise<void>;
}

export function desktopBridge(): DesktopBridge | undefined {
  return (window as unknown as { harombe?: DesktopBridge }).harombe;
}
