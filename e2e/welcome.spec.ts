// The renderer, served by `harombe start` in web mode, loads in Chromium under the server's strict CSP (a tab not yet
// signed in shows the sign-in screen).
import { expect, test } from '@playwright/test';
import { startHarombe, type RunningHarombe } from './support/harombe-server';

let harombe: RunningHarombe;

test.beforeAll(async () => {
  harombe = await startHarombe();
});
test.afterAll(async () => {
  await harombe?.stop();
});

test('harombe start serves the web UI', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const response = await page.goto(`${harombe.url}/`);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  await expect(page.getByRole('heading', { name: 'harombe' })).toBeVisible();
  await expect(page.getByText('self-hosted, tool-using AI assistant')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/welcome.png', fullPage: true });
  expect(errors).toEqual([]);
});
