// Launches the real Electron app (the built out/main hosting the runtime) where an Electron binary and a display exist;
// elsewhere (this CI: the binary download is blocked) it skips and says why. The renderer itself is tested in Chromium
// by the other specs, and the main process's wiring under Node by test/electron-wiring.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { freeLoopbackPort } from '../src/main/electron/port-decision';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { lastExchange, send } from './support/chat-harness';

function electronBinary(): string | undefined {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
const skipReason = !binary
  ? 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): the desktop shell cannot launch here'
  : !hasDisplay
    ? 'no display (DISPLAY/WAYLAND_DISPLAY unset): run under xvfb-run to launch the desktop app'
    : undefined;
if (skipReason) console.warn(`skipping the Electron launch test: ${skipReason}`);

function portRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

test('the desktop app hosts harombe: its window streams an answer, asks before a shell call, and quit leaves nothing', async () => {
  test.skip(Boolean(skipReason), skipReason);
  const standIn = await new OllamaStandIn().start();
  standIn.on({ lastUserMessage: /run (.+)/ }).callTool('shell', { command: 'echo from-the-app' });
  standIn.otherwise().reply(['Hello ', 'from ', 'the ', 'desktop']);
  const home = await mkdtemp(join(tmpdir(), 'harombe-electron-'));
  const port = await freeLoopbackPort();
  await writeFile(join(home, 'harombe.yaml'), `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\nserver:\n  port: ${port}\ntools:\n  sandbox: none\n  web_search: false\n`);
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.'],
    env: { PATH: process.env['PATH'] ?? '', HOME: home, HAROMBE_HOME: home, ...(process.env['DISPLAY'] ? { DISPLAY: process.env['DISPLAY'] } : {}) },
  });
  const pid = app.process().pid!;
  try {
    const window = await app.firstWindow();
    // The window shows the server's own page, signed in through the preload (no sign-in screen, no token in the address).
    expect(window.url()).toBe(`http://127.0.0.1:${port}/#/chat`);
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');

    await send(window, 'say hello');
    await expect(lastExchange(window)).toContainText('Hello from the desktop');

    await send(window, 'please run the check');
    await expect(window.getByRole('region', { name: /Approval needed/ }).last()).toBeVisible();
    await window.screenshot({ path: 'e2e/screenshots/electron-approval.png' });
  } finally {
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    await app.close().catch(() => undefined);
    await standIn.stop();
  }
  // Quit stops everything: the process is gone and the port free.
  expect(() => process.kill(pid, 0)).toThrow();
  expect(await portRefused(port)).toBe(true);
});
