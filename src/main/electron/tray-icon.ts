// Which icon file the tray shows for a health verdict on this platform: macOS template images, light/dark elsewhere.
import type { TrayHealth } from './tray-state';

export interface TrayIconChoice {
  health: TrayHealth;
  platform: NodeJS.Platform;
  /** Whether the taskbar or panel is dark (Electron's nativeTheme.shouldUseDarkColors); ignored on macOS. */
  darkTaskbar: boolean;
}

/** The folder under resources/ the tray icons live in (rendered by scripts/render-icons.mjs). */
export const TRAY_ICON_FOLDER = 'tray';

/**
 * The icon's file name inside resources/tray. Electron loads the `@2x` file beside it on high-density screens.
 * macOS: a black-and-alpha `*Template.png` the menu bar tints itself. Elsewhere: white glyph on a dark taskbar,
 * dark glyph on a light one, with a coloured badge for the state.
 */
export function trayIconFile({ health, platform, darkTaskbar }: TrayIconChoice): string {
  if (platform === 'darwin') return `tray-${health}Template.png`;
  return `tray-${health}-${darkTaskbar ? 'dark' : 'light'}.png`;
}

/** Every file trayIconFile can name, for the packaging check and the render script. */
export function allTrayIconFiles(): string[] {
  const healths: TrayHealth[] = ['ok', 'degraded', 'down', 'attention'];
  return healths.flatMap((health) => [
    trayIconFile({ health, platform: 'darwin', darkTaskbar: false }),
    trayIconFile({ health, platform: 'linux', darkTaskbar: false }),
    trayIconFile({ health, platform: 'linux', darkTaskbar: true }),
  ]);
}
