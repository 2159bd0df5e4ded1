// The built renderer loads in Chromium and shows harombe's welcome page.
import { expect, test } from '@playwright/test';
import { serveRenderer } from './support/static-server';

test('the renderer shows the welcome page', async ({ page }) => {
  const server = await serveRenderer();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'harombe' })).toBeVisible();
    await expect(page.getByText('self-hosted, tool-using AI assistant')).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/welcome.png', fullPage: true });
    expect(errors).toEqual([]);
  } finally {
    await server.close();
  }
});
