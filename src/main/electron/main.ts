// Electron entry: one instance, one chat window loading the renderer; foreign navigation leaves for the browser.
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { chatWindowOptions, isAppUrl } from './window-options';

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

const here = dirname(fileURLToPath(import.meta.url));
let chatWindow: BrowserWindow | null = null;

function createChatWindow(): BrowserWindow {
  const window = new BrowserWindow(chatWindowOptions({ preloadPath: join(here, '../preload/index.cjs') }));
  window.once('ready-to-show', () => window.show());
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  const appOrigin = devUrl ? new URL(devUrl).origin : 'file://';
  window.webContents.setWindowOpenHandler(({ url }) => {
    void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) {
      event.preventDefault();
      void shell.openExternal(url);
    }
  });
  if (devUrl) void window.loadURL(devUrl);
  else void window.loadFile(join(here, '../renderer/index.html'));
  return window;
}

ipcMain.handle('harombe:api-base-url', () => process.env['HAROMBE_API_URL'] ?? 'http://127.0.0.1:8000');
ipcMain.handle('harombe:api-token', () => '');
ipcMain.handle('harombe:open-external', (_event, url: unknown) => {
  if (typeof url === 'string' && /^https?:\/\//.test(url)) return shell.openExternal(url);
});

// Only a YAML file by its absolute path: the renderer names harombe.yaml, never anything that could run.
ipcMain.handle('harombe:open-config', async (_event, path: unknown) => {
  if (typeof path === 'string' && isAbsolute(path) && /\.ya?ml$/i.test(path)) {
    const problem = await shell.openPath(path);
    if (problem) throw new Error(`Could not open ${path}: ${problem}`);
  }
});

app.on('second-instance', () => {
  if (chatWindow) {
    if (chatWindow.isMinimized()) chatWindow.restore();
    chatWindow.focus();
  }
});

void app.whenReady().then(() => {
  chatWindow = createChatWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) chatWindow = createChatWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
