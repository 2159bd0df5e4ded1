// The desktop app's native actions (src/preload), present only when the renderer runs in harombe's window.

interface DesktopBridge {
  openConfig?: (path: string) => Promise<void>;
}

export function desktopBridge(): DesktopBridge | undefined {
  return (window as unknown as { harombe?: DesktopBridge }).harombe;
}
