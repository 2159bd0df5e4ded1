// The web UI signs in with the link `harombe start` prints: the token moves from the address bar into this tab's
// session storage, survives a reload, and a tab without it is told what to open or can paste a token. (No Ollama
// here, so a signed-in tab shows onboarding beside the nav rather than the chat.)
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startHarombe, type RunningHarombe } from './support/harombe-server';

let harombe: RunningHarombe;

test.beforeAll(async () => {
  harombe = await startHarombe();
});
test.afterAll(async () => {
  await harombe?.stop();
});

test('the sign-in link signs the tab in and leaves the address bar clean', async ({ page }) => {
  const token = (await readFile(join(harombe.home, 'local-token'), 'utf8')).trim();
  expect(harombe.signInUrl).toBe(`${harombe.url}/?token=${token}`);
  await page.goto(harombe.signInUrl);
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  expect(page.url()).toBe(`${harombe.url}/`);
  expect(await page.evaluate(() => sessionStorage.getItem('harombe.token'))).toBe(token);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/signed-in.png', fullPage: true });
});

test('a tab without the link is told how to sign in; a wrong token is refused', async ({ page }) => {
  await page.goto(`${harombe.url}/`);
  await expect(page.getByRole('status')).toContainText('Not signed in');
  await expect(page.getByRole('status')).toContainText('harombe start');
  await page.screenshot({ path: 'e2e/screenshots/signed-out.png', fullPage: true });
  await page.goto(`${harombe.url}/?token=not-the-token`);
  await expect(page.getByRole('status')).toContainText('no longer valid');
  expect(page.url()).toBe(`${harombe.url}/`);
});

test('a token pasted into the sign-in screen signs the tab in (remote use)', async ({ page }) => {
  const token = (await readFile(join(harombe.home, 'local-token'), 'utf8')).trim();
  await page.goto(`${harombe.url}/`);
  await page.getByLabel(/paste a token/).fill('wrong-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status')).toContainText('no longer valid');
  await page.getByLabel(/paste a token/).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('harombe.token'))).toBe(token);
});
