// The desktop window's extras in the real renderer, with the preload's bridge stood in for (the page cannot tell):
// the "port taken, moved" notice as a dismissible banner, Settings' close-to-tray switch calling the named action, and
// the appearance the desktop keeps winning over a fresh origin's empty localStorage.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { seriousViolations } from './support/axe';
import { startHarombe, type RunningHarombe } from './support/harombe-server';

test.use({ viewport: { width: 800, height: 600 } });

const NOTICE = '127.0.0.1:8000 is taken by another program, not harombe; harombe started on 127.0.0.1:49152.';

let standIn: OllamaStandIn;
let harombe: RunningHarombe;

test.beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  harombe = await startHarombe(`model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n`, '  sandbox: none\n  web_search: false\n');
});
test.afterAll(async () => {
  await harombe?.stop();
  await standIn?.stop();
});

test('the start notice shows as a banner and the close-to-tray switch calls the desktop app', async ({ page }) => {
  const token = (await readFile(join(harombe.home, 'local-token'), 'utf8')).trim();
  await page.addInitScript(
    ({ token, notice }) => {
      const calls: boolean[] = [];
      Object.assign(globalThis, {
        closeToTrayCalls: calls,
        harombe: { token, startNotice: notice, closeToTray: true, setCloseToTray: async (enabled: boolean) => void calls.push(enabled) },
      });
    },
    { token, notice: NOTICE },
  );
  await page.goto(`${harombe.url}/#/settings`);
  const banner = page.getByRole('status').filter({ hasText: NOTICE });
  await expect(banner).toBeVisible();
  const toggle = page.getByRole('switch', { name: 'Keep harombe in the tray when the window closes' });
  await expect(toggle).toBeChecked();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: 'e2e/screenshots/desktop-settings-notice.png' });
  await toggle.click();
  await expect(toggle).not.toBeChecked();
  expect(await page.evaluate(() => (globalThis as unknown as { closeToTrayCalls: boolean[] }).closeToTrayCalls)).toEqual([false]);
  await page.getByRole('button', { name: 'Dismiss this notice' }).click();
  await expect(banner).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Keep harombe in the tray when the window closes' })).toBeVisible();
  await expect(page.getByText(NOTICE)).toHaveCount(0);
});

test("a window on a new port opens with the desktop's theme, text size and send key, and saves changes to it", async ({ page }) => {
  const token = (await readFile(join(harombe.home, 'local-token'), 'utf8')).trim();
  await page.addInitScript((token) => {
    const saved: unknown[] = [];
    Object.assign(globalThis, {
      appearanceSaves: saved,
      harombe: { token, closeToTray: true, setCloseToTray: async () => {}, appearance: { theme: 'dark', textSize: 130, sendKey: 'shift-enter' }, saveAppearance: async (update: unknown) => void saved.push(update) },
    });
  }, token);
  await page.goto(`${harombe.url}/#/settings`);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('html')).toHaveAttribute('style', /font-size: 130%/);
  await expect(page.getByLabel('Sending a message')).toHaveValue('shift-enter');
  await expect(page.getByText('Kept by the desktop app, never in harombe.yaml.')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/desktop-settings-appearance.png' });
  await page.getByRole('combobox', { name: 'Theme' }).first().selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { appearanceSaves: unknown[] }).appearanceSaves)).toEqual([{ theme: 'light' }]);
});
