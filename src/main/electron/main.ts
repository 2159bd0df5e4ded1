// Electron entry: one instance hosting the harombe runtime (desktop-app.ts); quit waits until everything stopped.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { app } from 'electron';
import { DesktopApp } from './desktop-app';
import { SERVER_HEAP_FLAGS } from './heap-flags';

// The bounded heap bin/harombe.js gives `harombe start`: for this main process (set as early as possible) and renderers.
for (const flag of SERVER_HEAP_FLAGS) setFlagsFromString(flag);
app.commandLine.appendSwitch('js-flags', SERVER_HEAP_FLAGS.join(' '));

const here = dirname(fileURLToPath(import.meta.url));

if (!app.requestSingleInstanceLock()) {
  // The first instance gets 'second-instance' and comes forward; this one leaves at once, starting nothing.
  app.exit(0);
} else {
  // Packaged: the icons sit in process.resourcesPath; in a checkout, resources/ beside out/.
  const resourcesPath = app.isPackaged ? process.resourcesPath : join(here, '..', '..', 'resources');
  const desktop = new DesktopApp({ outDir: join(here, '..'), resourcesPath });
  app.on('second-instance', () => desktop.focus());
  app.on('web-contents-created', (_event, contents) => desktop.guardContents(contents));
  app.on('before-quit', (event) => {
    if (desktop.quitFlow.requestQuit()) event.preventDefault();
  });
  // Closing the last window keeps harombe in the tray; Quit (tray, menu, the OS) ends it.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => desktop.focus());
  void app.whenReady().then(() => desktop.start());
  /** The host, for the tray (tray-*.ts) and the wiring test. */
  (globalThis as { harombeDesktop?: DesktopApp }).harombeDesktop = desktop;
}
