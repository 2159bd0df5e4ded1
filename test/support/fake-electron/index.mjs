// A RECORDING FAKE OF ELECTRON, A TEST TOOL FOR WIRING ONLY. It lets test/electron-wiring.test.ts run the built main
// bundle (out/main) under plain Node: it records windows, IPC handlers, notifications, tray menus and quits, and answers
// the test's commands over the child-process IPC channel. It renders nothing, enforces no sandbox and proves nothing
// about Electron itself (e2e/electron-launch.spec.ts does, where the binary exists). Only what harombe's main uses.
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';

// FAKE_ELECTRON_TRACE=1: where each still-pending async operation began, printed at exit (to find a leak's source).
const pendingStacks = new Map();
if (process.env.FAKE_ELECTRON_TRACE === '1') {
  const { createHook } = await import('node:async_hooks');
  createHook({
    init: (id, type) => /^(FSREQ|Timeout|TCP|PROCESSWRAP)/.test(type) && pendingStacks.set(id, `${type}${new Error().stack.split('\n').slice(2, 12).join('\n')}`),
    destroy: (id) => pendingStacks.delete(id),
    promiseResolve: (id) => pendingStacks.delete(id),
  }).enable();
}

const dataDir = process.env.FAKE_ELECTRON_DATA ?? join(process.cwd(), '.fake-electron');
mkdirSync(dataDir, { recursive: true });

const send = (message) => process.send?.(message);
const serialisable = (value) => JSON.parse(JSON.stringify(value ?? null));

class Preventable {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

const windows = [];
const notifications = [];
const trays = [];
const ipcListeners = new Map();
const ipcHandlers = new Map();
const openedExternally = [];
const openedPaths = [];
let exitCode;
let loginItem = { openAtLogin: false };
let readyResolve;
const ready = new Promise((resolve) => (readyResolve = resolve));

class FakeApp extends EventEmitter {
  isPackaged = false;
  commandLine = { switches: {}, appendSwitch: (name, value) => (this.commandLine.switches[name] = value ?? '') };
  requestSingleInstanceLock() {
    return process.env.FAKE_ELECTRON_SECOND_INSTANCE !== '1';
  }
  whenReady() {
    return ready;
  }
  isReady() {
    return exitCode === undefined;
  }
  getPath(name) {
    const path = join(dataDir, name);
    mkdirSync(path, { recursive: true });
    return path;
  }
  getVersion() {
    return '0.0.0-fake';
  }
  getName() {
    return 'harombe';
  }
  getLoginItemSettings() {
    return { ...loginItem };
  }
  setLoginItemSettings(settings) {
    loginItem = { ...loginItem, ...settings };
    send({ type: 'login-item', settings: loginItem });
  }
  quit() {
    const event = new Preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.emit('will-quit', new Preventable());
    this.exit(0);
  }
  exit(code = 0) {
    if (exitCode !== undefined) return;
    exitCode = code;
    for (const window of windows) if (!window.isDestroyed()) window.destroy();
    // What still holds the process once harombe says it is done (the test expects only its own IPC pipe and stdio),
    // read two loop turns on, after the close phase in which handles closed just now are released.
    setImmediate(() =>
      setImmediate(() => {
        const resources = process.getActiveResourcesInfo();
        if (pendingStacks.size) console.error([...pendingStacks.values()].join('\n---\n'));
        send({ type: 'exit', code, resources });
        process.disconnect?.();
      }),
    );
  }
}

export const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  windowOpenHandler;
  url = '';
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return windows.filter((window) => !window.isDestroyed());
  }
  constructor(options = {}) {
    super();
    this.options = options;
    this.visible = false;
    this.minimized = false;
    this.destroyed = false;
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new FakeWebContents();
    this.index = windows.push(this) - 1;
    app.emit('web-contents-created', new Preventable(), this.webContents);
    send({ type: 'window', index: this.index, options: serialisable(options) });
  }
  /** Fetches the page as a window would (so the test knows the server serves it), then fires ready-to-show. */
  async loadURL(url) {
    this.webContents.url = url;
    // A connection of its own, closed after the page: a pooled keep-alive socket of the fake's would outlive quit.
    const status = await new Promise((resolve) => {
      get(url, { agent: false }, (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode));
      }).once('error', (error) => resolve(String(error)));
    });
    send({ type: 'loaded', index: this.index, url, status });
    this.emit('ready-to-show');
  }
  show() {
    this.visible = true;
    this.minimized = false;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    send({ type: 'focus', index: this.index });
  }
  isVisible() {
    return this.visible;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  maximize() {}
  isMaximized() {
    return false;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** A user closing the window: 'close' may be prevented (harombe hides it to the tray). */
  close() {
    const event = new Preventable();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}

export const ipcMain = {
  on(channel, listener) {
    ipcListeners.set(channel, listener);
  },
  handle(channel, handler) {
    ipcHandlers.set(channel, handler);
  },
  removeHandler(channel) {
    ipcHandlers.delete(channel);
  },
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    this.index = notifications.push(this) - 1;
    send({ type: 'notification', index: this.index, title: this.options.title, body: this.options.body });
  }
}

export const shell = {
  async openExternal(url) {
    openedExternally.push(url);
    send({ type: 'open-external', url });
  },
  async openPath(path) {
    openedPaths.push(path);
    send({ type: 'open-path', path });
    return '';
  },
};

export const dialog = {
  showErrorBox(title, content) {
    send({ type: 'error-box', title, content });
  },
  async showMessageBox(options) {
    send({ type: 'message-box', message: options.message });
    return { response: Number(process.env.FAKE_ELECTRON_MESSAGE_BOX_RESPONSE ?? 0) };
  },
};

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

const permissionHandlers = {};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (permissionHandlers.request = handler),
    setPermissionCheckHandler: (handler) => (permissionHandlers.check = handler),
    webRequest: { onHeadersReceived: (handler) => (permissionHandlers.headers = handler) },
  },
};

export const nativeImage = {
  createFromPath: (path) => ({ path, isEmpty: () => false, setTemplateImage() {} }),
  createEmpty: () => ({ path: '', isEmpty: () => true, setTemplateImage() {} }),
};

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu() {},
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.index = trays.push(this) - 1;
  }
  setImage(image) {
    this.image = image;
    send({ type: 'tray-image', image: image?.path?.split('/').pop() ?? null });
  }
  setToolTip(text) {
    this.tooltip = text;
  }
  setContextMenu(menu) {
    this.menu = menu;
    const labels = (items) => (items ?? []).map((item) => (item.submenu ? { label: item.label, submenu: labels(item.submenu) } : (item.label ?? item.type ?? '')));
    send({ type: 'tray-menu', labels: labels(menu?.template) });
  }
  destroy() {
    this.destroyed = true;
  }
  isDestroyed() {
    return Boolean(this.destroyed);
  }
}

class FakeNativeTheme extends EventEmitter {
  shouldUseDarkColors = false;
}
export const nativeTheme = new FakeNativeTheme();

export const safeStorage = { isEncryptionAvailable: () => false };

const describeError = (error) => (error instanceof Error ? error.message : String(error));

/** The test's commands: act as a user or a page would, and answer with what happened. */
const commands = {
  ready: () => readyResolve(),
  session: ({ frameUrl }) => {
    const event = { senderFrame: { url: frameUrl }, returnValue: undefined };
    ipcListeners.get('harombe:session')?.(event);
    return event.returnValue;
  },
  invoke: async ({ channel, frameUrl, args }) => {
    const handler = ipcHandlers.get(channel);
    if (!handler) return { error: `no handler for ${channel}` };
    try {
      return { value: (await handler({ senderFrame: { url: frameUrl } }, ...(args ?? []))) ?? null };
    } catch (error) {
      return { error: describeError(error) };
    }
  },
  navigate: ({ index, url }) => {
    const event = new Preventable();
    windows[index].webContents.emit('will-navigate', event, url);
    return { prevented: event.defaultPrevented };
  },
  windowOpen: ({ index, url }) => windows[index].webContents.windowOpenHandler?.({ url }),
  attachWebview: ({ index }) => {
    const event = new Preventable();
    windows[index].webContents.emit('will-attach-webview', event, {}, {});
    return { prevented: event.defaultPrevented };
  },
  permission: ({ permission }) =>
    new Promise((resolve) => permissionHandlers.request?.(null, permission, (granted) => resolve({ granted }), {})),
  close: ({ index }) => {
    windows[index].close();
    return { destroyed: windows[index].isDestroyed(), visible: windows[index].isVisible() };
  },
  windows: () => windows.map((window) => ({ url: window.webContents.url, visible: window.visible, destroyed: window.destroyed, options: serialisable(window.options) })),
  secondInstance: () => app.emit('second-instance', new Preventable(), [], process.cwd()),
  clickNotification: ({ index }) => notifications[index].emit('click'),
  switches: () => app.commandLine.switches,
  memory: () => process.memoryUsage(),
  /** Clicks a tray menu item by the start of each label along its path (a node's submenu, then its action). */
  clickTray: ({ path }) => {
    let items = trays.at(-1)?.menu?.template ?? [];
    let item;
    for (const start of path) {
      item = items.find((candidate) => typeof candidate.label === 'string' && candidate.label.startsWith(start));
      if (!item) throw new Error(`no tray item "${start}" among ${items.map((candidate) => candidate.label).join(', ')}`);
      items = item.submenu ?? [];
    }
    item.click?.();
    return item.label;
  },
  quit: () => app.quit(),
};

process.on('message', async ({ id, command, ...args }) => {
  try {
    const result = await commands[command](args);
    send({ type: 'reply', id, result: serialisable(result) });
  } catch (error) {
    send({ type: 'reply', id, error: describeError(error) });
  }
});

// electron-store does `import electron from 'electron'` (Electron's module is CommonJS): the same objects as a default.
export default { app, BrowserWindow, ipcMain, Notification, shell, dialog, screen, session, nativeImage, Menu, Tray, nativeTheme, safeStorage };
