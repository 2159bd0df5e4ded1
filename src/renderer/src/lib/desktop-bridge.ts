// The desktop app's native actions (src/preload), present only when the renderer runs in harombe's window.

interface DesktopBridge {
  /** The local token of the server the window shows, handed by the desktop app (wins over a sign-in link). */
  token?: string;
  openConfig?: (path: string) => Promise<void>;
}

export function desktopBridge(): DesktopBridge | undefined {
  return (window as unknown as { harombe?: DesktopBridge }).harombe;
}
