// The thin Electron adapter: hosts the runtime (runtime-host.ts), opens the chat and dashboard windows on the server's
// own URL, locks every web page down, answers the preload's few calls, and quits only after everything stopped.
// Every decision lives in the plain modules beside it; this file only hands them to Electron.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Notification, screen, session, shell, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import Store from 'electron-store';
import { HarombeRuntime } from '../runtime';
import type { Disposable } from '../base';
import { CONTENT_SECURITY_POLICY } from '../server/web-ui';
import { configPath } from '../config/paths';
import { ConfirmationAlerts, notificationFor } from './confirmation-alerts';
import { createDesktopTray } from './desktop-tray';
import { conversationRoute } from './tray-handlers';
import { guarded, isTrustedSender, isWebLink } from './ipc-guard';
import { openLaunchLog, type LaunchLog } from './launch-log';
import { closeToTrayValue, desktopSession } from './desktop-session';
import { AppearanceStore } from './appearance-store';
import type { AppearancePreferences } from '../../shared/appearance-schema';
import { CLOSE_NOTICE, decideClose, QuitFlow } from './lifecycle';
import { hostRuntime, type HostedServer } from './runtime-host';
import { DEFAULT_PREFERENCES, restoreBounds, saveWindow, type DesktopPreferences, type PreferenceStore } from './window-state';
import { DEFAULT_SIZES, navigationDecision, windowOptions, type WindowKind } from './window-options';

const ROUTES: Record<WindowKind, string> = { chat: '#/chat', 'quick-chat': '#/chat', dashboard: '#/cluster' };

export interface DesktopAppOptions {
  /** out/: the built preload and renderer beside the main bundle. */
  outDir: string;
  /** resources/ in a checkout, process.resourcesPath in the packaged app (the tray icons are in tray/). */
  resourcesPath: string;
}

export class DesktopApp {
  private hosted: HostedServer | undefined;
  private readonly windows = new Map<WindowKind, BrowserWindow>();
  private readonly alerts = new ConfirmationAlerts();
  private readonly subscriptions: Disposable[] = [];
  private readonly preferences: PreferenceStore;
  private readonly appearance: AppearanceStore;
  readonly log: LaunchLog;
  readonly quitFlow: QuitFlow;

  constructor(private readonly options: DesktopAppOptions) {
    this.log = openLaunchLog(app.getPath('logs'));
    this.preferences = new Store<DesktopPreferences>({ name: 'desktop-preferences', defaults: DEFAULT_PREFERENCES });
    // Theme, text size, send key: kept here so they outlive the server's origin (its port) changing.
    this.appearance = new AppearanceStore(new Store<{ appearance?: AppearancePreferences }>({ name: 'appearance' }));
    this.quitFlow = new QuitFlow(
      () => this.stopEverything(),
      () => app.exit(0),
      (error) => this.log.logger.error(`harombe did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** The runtime this app hosts (undefined before start or when the start failed): the tray reads its events. */
  get runtime(): HarombeRuntime | undefined {
    return this.hosted?.runtime;
  }

  /** The origin the windows show; IPC is answered for frames on it only. */
  get origin(): string | undefined {
    return this.hosted?.baseUrl;
  }

  /** Said in the tray and the window when the port was taken by something else, or another harombe serves there. */
  get notice(): string | undefined {
    return this.hosted?.notice;
  }

  async start(): Promise<void> {
    this.lockDownSessions();
    this.registerIpc();
    const rendererRoot = join(this.options.outDir, 'renderer');
    const logger = this.log.logger;
    const began = performance.now();
    try {
      this.hosted = await hostRuntime({
        createRuntime: (port) => HarombeRuntime.create({ logger, ...(existsSync(join(rendererRoot, 'index.html')) ? { rendererRoot } : {}), ...(port !== undefined ? { port } : {}) }),
        askAttach: (baseUrl, version) => this.askAttach(baseUrl, version),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.error(`harombe could not start: ${message}`);
      dialog.showErrorBox('harombe could not start', `${message}\n\nThe log is at ${this.log.path}.`);
      app.exit(1);
      return;
    }
    const { runtime, baseUrl, attached, notice } = this.hosted;
    const took = Math.round(performance.now() - began);
    logger.info(attached ? `Attached to the harombe at ${baseUrl} (${took} ms).` : `harombe serves ${baseUrl} (config to server answering: ${took} ms).`);
    if (notice) logger.warn(notice);
    this.subscriptions.push(runtime.onDidChangePendingConfirmations((pending) => this.onPending(pending)));
    this.subscriptions.push(this.createTray(runtime));
    this.showWindow('chat');
  }

  /** Opens (or brings forward) a window; the tray's Open chat and Cluster dashboard call this. */
  showWindow(kind: WindowKind, route?: string): BrowserWindow | undefined {
    if (!this.hosted) return undefined;
    const existing = this.windows.get(kind);
    if (existing && !existing.isDestroyed()) {
      // The tray's approval item opens the chat at that conversation (tray-handlers.ts conversationRoute).
      if (route) void existing.loadURL(`${this.hosted.baseUrl}/${route}`);
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const window = this.createWindow(kind);
    void window.loadURL(`${this.hosted.baseUrl}/${route ?? ROUTES[kind]}`);
    return window;
  }

  /** True when any harombe window is on screen (a confirmation then shows as its card, not a notification). */
  anyWindowVisible(): boolean {
    return [...this.windows.values()].some((window) => !window.isDestroyed() && window.isVisible() && !window.isMinimized());
  }

  /** Launch at login: off by default; the tray's toggle. */
  launchAtLogin(): boolean {
    return app.getLoginItemSettings().openAtLogin;
  }

  setLaunchAtLogin(enabled: boolean): void {
    app.setLoginItemSettings({ openAtLogin: enabled });
  }

  /** The tray's Open logs: this launch's log file. */
  async openLogs(): Promise<void> {
    const problem = await shell.openPath(this.log.path);
    if (problem) this.log.logger.warn(`Could not open the log ${this.log.path}: ${problem}`);
  }

  /** Closing the last window keeps harombe in the tray (the setting the tray or settings may change). */
  setCloseToTray(enabled: boolean): void {
    this.preferences.set('closeToTray', enabled);
  }

  /** A second launch: bring the first's chat window forward. */
  focus(): void {
    this.showWindow('chat');
  }

  private createTray(runtime: HarombeRuntime): Disposable {
    const hosted = this.hosted!;
    return createDesktopTray({
      runtime,
      baseUrl: () => (hosted.attached || runtime.status ? hosted.baseUrl : undefined),
      token: hosted.token,
      notice: () => hosted.notice,
      resourcesPath: this.options.resourcesPath,
      showWindow: (kind, route) => void this.showWindow(kind, route),
      confirmRemove: async (node) => {
        const { response } = await dialog.showMessageBox({ type: 'warning', buttons: ['Keep it', 'Remove'], defaultId: 0, cancelId: 0, message: `Remove ${node} from the cluster?`, detail: 'It leaves cluster.nodes in harombe.yaml; add it again with `harombe cluster add`.' });
        return response === 1;
      },
      launchAtLogin: () => this.launchAtLogin(),
      onError: (message) => {
        this.log.logger.warn(message);
        this.notify('harombe', message);
      },
      app: {
        startServer: async () => void (await runtime.start()),
        stopServer: () => runtime.stop(),
        openConfig: async () => {
          const problem = await shell.openPath(configPath());
          if (problem) throw new Error(`Could not open ${configPath()}: ${problem}`);
        },
        openLogs: () => this.openLogs(),
        setLaunchAtLogin: (enabled) => this.setLaunchAtLogin(enabled),
        quit: () => app.quit(),
      },
    });
  }

  private createWindow(kind: WindowKind): BrowserWindow {
    const base = windowOptions(kind, { preloadPath: join(this.options.outDir, 'preload/index.cjs') });
    const displays = screen.getAllDisplays().map((display) => display.workArea);
    const { maximized, ...bounds } = restoreBounds(this.preferences.get('windows')[kind], displays, DEFAULT_SIZES[kind]);
    const window = new BrowserWindow({ ...base, ...bounds });
    this.windows.set(kind, window);
    window.once('ready-to-show', () => {
      if (maximized) window.maximize();
      window.show();
    });
    const remember = () => {
      if (!window.isDestroyed()) saveWindow(this.preferences, kind, window.getNormalBounds(), window.isMaximized());
    };
    window.on('resized', remember);
    window.on('moved', remember);
    window.on('close', (event) => {
      remember();
      const decision = decideClose({ closeToTray: this.preferences.get('closeToTray'), closeNoticeShown: this.preferences.get('closeNoticeShown') }, this.quitFlow.quitting);
      if (decision.action === 'close') return;
      if (decision.action === 'quit') {
        app.quit();
        return;
      }
      event.preventDefault();
      window.hide();
      if (decision.notice) {
        this.preferences.set('closeNoticeShown', true);
        this.notify('harombe keeps running', CLOSE_NOTICE);
      }
    });
    window.on('closed', () => {
      if (this.windows.get(kind) === window) this.windows.delete(kind);
    });
    return window;
  }

  /** Every web page: navigation and new windows only within the app; web links to the browser; no webviews. */
  guardContents(contents: WebContents): void {
    const leave = (url: string): boolean => {
      const decision = navigationDecision(url, this.origin ?? 'null://');
      if (decision === 'external') void shell.openExternal(url);
      if (decision === 'refuse') this.log.logger.warn(`Refused to open ${url}: only web links leave harombe's window.`);
      return decision !== 'allow';
    };
    contents.setWindowOpenHandler(({ url }) => {
      leave(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (leave(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (leave(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  }

  private lockDownSessions(): void {
    const defaultSession = session.defaultSession;
    // No camera, microphone, geolocation, notifications-from-the-page…: the page asks the API, never the OS.
    defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    defaultSession.setPermissionCheckHandler(() => false);
    // The server sends its CSP; a page from anywhere else (which navigation refuses anyway) gets the same.
    defaultSession.webRequest.onHeadersReceived((details, callback) => {
      const headers = details.responseHeaders ?? {};
      const hasPolicy = Object.keys(headers).some((name) => name.toLowerCase() === 'content-security-policy');
      callback({ responseHeaders: hasPolicy ? headers : { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    });
  }

  private registerIpc(): void {
    const origin = () => this.origin;
    // Synchronous, so the renderer has its token before its first request; refused to any frame not on the app's origin.
    ipcMain.on('harombe:session', (event: IpcMainEvent) => {
      const hosted = this.hosted;
      event.returnValue = hosted && isTrustedSender(event, hosted.baseUrl) ? desktopSession(hosted, this.preferences.get('closeToTray'), process.platform, this.appearance.read()) : null;
    });
    // Settings' "Keep harombe in the tray when the window closes" switch.
    ipcMain.handle(
      'harombe:set-close-to-tray',
      guarded(origin, (_event: IpcMainInvokeEvent, enabled: unknown) => this.setCloseToTray(closeToTrayValue(enabled))),
    );
    // Settings' theme, text size and send key: known keys with known values only (appearance-store.ts).
    ipcMain.handle(
      'harombe:set-appearance',
      guarded(origin, (_event: IpcMainInvokeEvent, update: unknown) => void this.appearance.save(update)),
    );
    ipcMain.handle(
      'harombe:open-external',
      guarded(origin, (_event: IpcMainInvokeEvent, url: unknown) => {
        if (!isWebLink(url)) throw new Error('harombe opens only http and https links in the browser.');
        return shell.openExternal(url);
      }),
    );
    // Only a YAML file by its absolute path: the renderer names harombe.yaml, never anything that could run.
    ipcMain.handle(
      'harombe:open-config',
      guarded(origin, async (_event: IpcMainInvokeEvent, path: unknown) => {
        if (typeof path !== 'string' || !/^(\/|[A-Za-z]:[\\/])/.test(path) || !/\.ya?ml$/i.test(path)) throw new Error('harombe opens only its YAML config file by its absolute path.');
        const problem = await shell.openPath(path);
        if (problem) throw new Error(`Could not open ${path}: ${problem}`);
      }),
    );
    ipcMain.handle(
      'harombe:notify',
      guarded(origin, (_event: IpcMainInvokeEvent, title: unknown, body: unknown) => {
        if (typeof title !== 'string' || typeof body !== 'string') throw new Error('A notification needs a title and a body (text).');
        this.notify(title.slice(0, 120), body.slice(0, 500));
      }),
    );
  }

  private onPending(pending: Parameters<ConfirmationAlerts['update']>[0]): void {
    for (const confirmation of this.alerts.update(pending, this.anyWindowVisible())) {
      const { title, body } = notificationFor(confirmation);
      // Clicked: the chat at that conversation, where the approval card waits.
      this.notify(title, body, () => this.showWindow('chat', conversationRoute(confirmation.conversation_id)));
    }
  }

  private notify(title: string, body: string, onClick?: () => void): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    if (onClick) notification.on('click', onClick);
    notification.show();
  }

  private async askAttach(baseUrl: string, version: string): Promise<boolean> {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Use it', 'Start another'],
      defaultId: 0,
      cancelId: 0,
      message: `A harombe (${version}) already serves ${baseUrl}.`,
      detail: 'Use that one (this app starts no server of its own), or start another harombe on a free loopback port.',
    });
    return response === 0;
  }

  /** Quit: every window, then the runtime (server, checks, discovery, tool processes); nothing left bound or running. */
  private async stopEverything(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    for (const window of this.windows.values()) if (!window.isDestroyed()) window.destroy();
    this.windows.clear();
    await this.hosted?.runtime.dispose({ graceDeadlineMs: 2_000 });
    this.log.logger.info('harombe stopped: server, checks, discovery and tool processes.');
  }
}
