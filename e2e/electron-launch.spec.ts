// Launches the packaged Electron app where an Electron binary exists; elsewhere (this CI: the binary download is
// blocked) it skips and says why. The renderer itself is tested in Chromium by the other specs.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

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

test('the desktop app opens its window with the renderer', async () => {
  test.skip(Boolean(skipReason), skipReason);
  const app = await electron.launch({ executablePath: binary!, args: ['.'] });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { name: 'harombe' })).toBeVisible();
    // The renderer has no Node: a sandboxed, isolated page cannot see `require` or `process`.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  } finally {
    await app.close();
  }
});
