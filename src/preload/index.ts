// The renderer's only window onto the desktop: where the API is, its token, the platform, and a few named native
// actions. No generic IPC: each call is one named channel, and main answers it only for the app's own page.
import { contextBridge, ipcRenderer } from 'electron';

interface DesktopSession {
  apiBaseUrl: string;
  token: string;
  platform: string;
  notice?: string;
  closeToTray: boolean;
  appearance: { theme?: string; textSize?: number; sendKey?: string };
}

// Read synchronously before the page's scripts run, so the first API call already carries the token. Null when main
// refuses (this frame is not the app's own page): the bridge then hands out nothing.
const session = ipcRenderer.sendSync('harombe:session') as DesktopSession | null;

const bridge = {
  apiBaseUrl: session?.apiBaseUrl,
  /** The local token of the server this window shows (docs/api.md#security). */
  token: session?.token,
  platform: session?.platform,
  /** Why harombe serves somewhere other than the configured address (the port was taken): the window's banner. */
  startNotice: session?.notice,
  /** Closing the window keeps harombe in the tray, as stored when this page loaded. */
  closeToTray: session?.closeToTray,
  setCloseToTray: (enabled: boolean): Promise<void> => ipcRenderer.invoke('harombe:set-close-to-tray', enabled) as Promise<void>,
  /** Theme, text size and send key as the desktop keeps them (they outlive the server moving to another port). */
  appearance: session ? Object.freeze({ ...session.appearance }) : undefined,
  /** Saves some of them; main refuses unknown keys and values. */
  saveAppearance: (update: { theme?: string; textSize?: number; sendKey?: string }): Promise<void> =>
    ipcRenderer.invoke('harombe:set-appearance', update) as Promise<void>,
  openExternal: (url: string): Promise<void> => ipcRenderer.invoke('harombe:open-external', url) as Promise<void>,
  /** Opens harombe.yaml in the system's editor for YAML (Settings' "Open in editor"). */
  openConfig: (path: string): Promise<void> => ipcRenderer.invoke('harombe:open-config', path) as Promise<void>,
  showNotification: (title: string, body: string): Promise<void> => ipcRenderer.invoke('harombe:notify', title, body) as Promise<void>,
};

export type HarombeBridge = typeof bridge;

contextBridge.exposeInMainWorld('harombe', Object.freeze(bridge));
