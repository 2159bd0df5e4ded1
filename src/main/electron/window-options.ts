// Options for harombe's windows: a locked-down renderer (isolated, sandboxed, no Node) in a sensible frame, and where
// a page inside one may go (its own origin only; web links to the system browser; any other scheme nowhere).
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  preloadPath: string;
  iconPath?: string;
}

export type WindowKind = 'chat' | 'quick-chat' | 'dashboard';

/** The frame each window opens with, before a remembered size and position replace it. */
export const DEFAULT_SIZES: Record<WindowKind, { width: number; height: number; minWidth: number; minHeight: number; title: string }> = {
  chat: { width: 960, height: 720, minWidth: 480, minHeight: 400, title: 'harombe' },
  'quick-chat': { width: 420, height: 560, minWidth: 360, minHeight: 320, title: 'harombe — quick chat' },
  dashboard: { width: 1100, height: 760, minWidth: 640, minHeight: 420, title: 'harombe — cluster' },
};

/** The security flags every harombe window has (docs/desktop.md, Electron's security checklist). */
export const LOCKED_DOWN = { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false } as const;

export function windowOptions(kind: WindowKind, { preloadPath, iconPath }: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { title, ...size } = DEFAULT_SIZES[kind];
  return {
    ...size,
    show: false,
    title,
    autoHideMenuBar: true,
    // Quick chat: a small window that stays above the others for one question.
    ...(kind === 'quick-chat' ? { alwaysOnTop: true } : {}),
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: { preload: preloadPath, ...LOCKED_DOWN, spellcheck: kind !== 'dashboard' },
  };
}

export function chatWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return windowOptions('chat', input);
}

export function dashboardWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return windowOptions('dashboard', input);
}

/** A navigation is allowed only inside the app's own origin; anything else opens in the user's browser. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    return new URL(url).origin === new URL(appOrigin).origin;
  } catch {
    return false;
  }
}

/** Where a navigation or window.open may go: stay (the app), the system browser (http/https), or nowhere. */
export type NavigationDecision = 'allow' | 'external' | 'refuse';

export function navigationDecision(url: string, appOrigin: string): NavigationDecision {
  if (isAppUrl(url, appOrigin)) return 'allow';
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? 'external' : 'refuse';
  } catch {
    return 'refuse';
  }
}
