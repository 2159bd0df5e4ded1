// The tray, Electron side: draws TrayState (icon, tooltip, menu) each time the state source rebuilds it, and routes
// clicks to the handlers main.ts supplies. Every decision is in the plain tray-*.ts modules.
import { join } from 'node:path';
import { Menu, nativeImage, nativeTheme, Tray } from 'electron';
import type { Disposable } from '../base';
import type { TrayAction, TrayHandlers } from './tray-actions';
import { toMenuTemplate, trayClickHandler } from './tray-electron-template';
import { TRAY_ICON_FOLDER, trayIconFile } from './tray-icon';
import { buildTrayMenu } from './tray-menu';
import type { TrayStateSource } from './tray-state-source';
import { trayHealth, trayTooltip, type TrayState } from './tray-state';

export interface HarombeTrayOptions {
  /** resources/ in a checkout, process.resourcesPath in the packaged app (tray/ is inside). */
  resourcesPath: string;
  source: Pick<TrayStateSource, 'state' | 'onDidChange' | 'refresh'>;
  handlers: TrayHandlers;
  /** A failed action, in words (a notification or the log). */
  onError: (message: string) => void;
  platform?: NodeJS.Platform;
}

/** Actions after which the state is read again at once (the models list and nodes do not all send events). */
const REFRESH_AFTER = new Set<TrayAction['type']>(['unload-model', 'test-node', 'drain-node', 'remove-node', 'set-launch-at-login', 'install-cli']);

export class HarombeTray implements Disposable {
  private readonly tray: Tray;
  private readonly subscriptions: Disposable[] = [];
  private readonly platform: NodeJS.Platform;
  private readonly click: (action: TrayAction) => void;
  private readonly onThemeUpdated = () => this.render(this.options.source.state);

  constructor(private readonly options: HarombeTrayOptions) {
    this.platform = options.platform ?? process.platform;
    this.click = trayClickHandler(options.handlers, options.onError, (action) => {
      if (REFRESH_AFTER.has(action.type)) options.source.refresh();
    });
    this.tray = new Tray(this.image(options.source.state));
    // Windows opens the chat on a left click, as its tray apps do; elsewhere a click opens the menu.
    if (this.platform === 'win32') this.tray.on('click', () => this.click({ type: 'open-chat' }));
    this.subscriptions.push(options.source.onDidChange((state) => this.render(state)));
    nativeTheme.on('updated', this.onThemeUpdated);
    this.render(options.source.state);
  }

  render(state: TrayState): void {
    if (this.tray.isDestroyed()) return;
    this.tray.setImage(this.image(state));
    this.tray.setToolTip(trayTooltip(state));
    this.tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(buildTrayMenu(state), this.click)));
  }

  dispose(): void {
    nativeTheme.off('updated', this.onThemeUpdated);
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private image(state: TrayState) {
    const file = trayIconFile({ health: trayHealth(state), platform: this.platform, darkTaskbar: nativeTheme.shouldUseDarkColors });
    // nativeImage picks up the @2x file beside it on high-density screens.
    const image = nativeImage.createFromPath(join(this.options.resourcesPath, TRAY_ICON_FOLDER, file));
    if (this.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }
}
