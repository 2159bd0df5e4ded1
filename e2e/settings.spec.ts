// Settings against a real `harombe start`: a change lands in harombe.yaml with its comments intact and is used on the
// next turn; a wrong value shows the schema's message and writes nothing; send-on-Enter swapped works and is kept.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { seriousViolations } from './support/axe';
import { lastExchange } from './support/chat-harness';
import { startHarombe, type RunningHarombe } from './support/harombe-server';

test.use({ viewport: { width: 800, height: 600 } });

const CONFIG = `# harombe on my laptop — edited by hand
model:
  name: qwen2.5:7b # the default model
  temperature: 0.7 # a little creative
ollama:
  host: STAND_IN
agent:
  # keep turns short
  max_steps: 10
`;

let standIn: OllamaStandIn;
let harombe: RunningHarombe;
const configPath = () => join(harombe.home, 'harombe.yaml');

test.beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  harombe = await startHarombe(CONFIG.replace('STAND_IN', standIn.url), '  sandbox: none\n  web_search: false\n');
});
test.afterAll(async () => {
  await harombe?.stop();
  await standIn?.stop();
});
test.beforeEach(() => standIn.reset());

async function openSettings(page: Page): Promise<void> {
  await page.goto(harombe.signInUrl);
  await page.getByRole('textbox', { name: 'Message harombe' }).waitFor();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('form', { name: 'harombe.yaml' })).toBeVisible();
}

test('the settings screen, both themes: axe finds nothing serious', async ({ page }) => {
  await openSettings(page);
  await expect(page.getByRole('main')).toContainText(configPath());
  // Web mode: no "Open in editor" (it is the desktop app's).
  await expect(page.getByRole('button', { name: 'Open in editor' })).toHaveCount(0);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.screenshot({ path: `e2e/screenshots/settings-${theme}.png` });
    expect(await seriousViolations(page)).toEqual([]);
  }
});

test('a change is written into harombe.yaml with its comments and used on the next turn', async ({ page }) => {
  await openSettings(page);
  const temperature = page.getByRole('textbox', { name: 'Temperature' });
  await temperature.fill('0.2');
  await page.getByRole('textbox', { name: 'System prompt' }).fill('You are a terse assistant.');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toContainText('in use from the next message');

  const yaml = await readFile(configPath(), 'utf8');
  expect(yaml).toContain('# harombe on my laptop — edited by hand');
  expect(yaml).toContain('temperature: 0.2 # a little creative');
  expect(yaml).toContain('# keep turns short');
  expect(yaml).toContain('system_prompt: You are a terse assistant.');

  await page.getByRole('link', { name: 'Chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message harombe' });
  await box.fill('hello');
  await box.press('Enter');
  await expect(lastExchange(page)).toContainText('You said: hello');
  const request = standIn.lastChatRequest!;
  expect(request.messages[0]).toMatchObject({ role: 'system' });
  expect(String(request.messages[0]!.content)).toContain('You are a terse assistant.');
  expect((request.body['options'] as { temperature?: number } | undefined)?.temperature ?? request.body['temperature']).toBe(0.2);
});

test('a wrong value shows the schema’s message and writes nothing', async ({ page }) => {
  await openSettings(page);
  const before = await readFile(configPath(), 'utf8');
  const steps = page.getByRole('textbox', { name: 'Max steps' });
  await steps.fill('99');
  await expect(page.getByRole('alert')).toHaveText('Too big: expected number to be <=50');
  await expect(steps).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Save' })).toBeDisabled();
  await steps.press('Enter');
  await page.getByRole('group', { name: 'Agent' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/settings-invalid.png' });
  expect(await readFile(configPath(), 'utf8')).toBe(before);
});

test('send-on-Enter swapped: Enter adds a line, Shift+Enter sends, and it is remembered', async ({ page }) => {
  await openSettings(page);
  await page.getByRole('combobox', { name: 'Sending a message' }).selectOption('shift-enter');
  await page.getByRole('link', { name: 'Chat' }).click();
  const box = page.getByRole('textbox', { name: 'Message harombe' });
  await box.click();
  await box.pressSequentially('first');
  await box.press('Enter');
  await box.pressSequentially('second');
  await expect(box).toHaveValue('first\nsecond');
  await box.press('Shift+Enter');
  await expect(lastExchange(page)).toContainText('You said: first\nsecond');
  await page.reload();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('combobox', { name: 'Sending a message' })).toHaveValue('shift-enter');
  // Leave it as the other tests expect.
  await page.getByRole('combobox', { name: 'Sending a message' }).selectOption('enter');
});

test('the navigation: a link opens a screen directly, the keyboard moves between screens, Back returns', async ({ page }) => {
  await page.goto(`${harombe.signInUrl}#/settings`);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/settings');
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');

  // From the top of the page, Tab reaches the nav first.
  await page.locator('body').focus();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Chat' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Message harombe' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Chat' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Settings' })).not.toHaveAttribute('aria-current');

  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/navigation-settings.png' });
});
