// axe-core on every screen built so far, in the light and the dark theme, at 800×600 — with screenshots of each.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { lastExchange, openChat, send, useChatHarness } from './support/chat-harness';

const chat = useChatHarness();
test.use({ viewport: { width: 800, height: 600 } });

/** Serious and critical violations only, named with the elements they hit, so a failure says what to fix. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });

    test('the sign-in screen', async ({ page }) => {
      await page.goto(`${chat.harombe.url}/`);
      await expect(page.getByRole('status')).toContainText('Not signed in');
      await page.screenshot({ path: `e2e/screenshots/sign-in-${theme}.png` });
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('an empty chat', async ({ page }) => {
      await openChat(page, chat.harombe);
      await expect(page.getByRole('heading', { name: 'What can I do for you?' })).toBeVisible();
      await page.screenshot({ path: `e2e/screenshots/chat-empty-${theme}.png` });
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('an answer with Markdown, code and a tool card, and an approval waiting', async ({ page }) => {
      chat.standIn.on({ lastUserMessage: /markdown/ }).reply(
        'Here is **bold**, a [link](https://example.com), and code:\n\n```ts\nconst answer: number = 42; // the answer\n```\n\n| tool | dangerous |\n|---|---|\n| shell | yes |\n',
      );
      chat.standIn.on({ lastUserMessage: /delete/ }).callTool('shell', { command: `rm -rf ./build ./dist && echo ${'a-rather-long-argument '.repeat(8)}done` });
      await openChat(page, chat.harombe);
      await send(page, 'show me some markdown');
      await expect(lastExchange(page).locator('.hljs-keyword').first()).toBeVisible();
      await send(page, 'delete the build folders');
      await expect(page.getByRole('region', { name: /Approval needed/ })).toBeVisible();
      await page.screenshot({ path: `e2e/screenshots/chat-approval-${theme}.png` });
      await page.screenshot({ path: `e2e/screenshots/chat-approval-${theme}-full.png`, fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('region', { name: /Approval needed/ }).getByRole('button', { name: 'Deny' }).click();
    });

    test('an error with its hint and Retry', async ({ page }) => {
      chat.standIn.on({ lastUserMessage: /fail/ }).failWith(500, 'llama runner process has terminated');
      await openChat(page, chat.harombe);
      await send(page, 'this will fail');
      await expect(lastExchange(page).getByRole('alert')).toBeVisible();
      await page.screenshot({ path: `e2e/screenshots/chat-error-${theme}.png` });
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}

test('the theme picked in the app wins over the system and is remembered', async ({ page }) => {
  await openChat(page, chat.harombe);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
  expect(background).toBe('rgb(21, 23, 27)');
});

test('the text size picked is applied to every screen and remembered', async ({ page }) => {
  await openChat(page, chat.harombe);
  await page.getByRole('combobox', { name: 'Text size' }).selectOption('130');
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Text size' })).toHaveValue('130');
  expect(await page.evaluate('getComputedStyle(document.documentElement).fontSize')).toBe('20.8px');
  await page.getByRole('combobox', { name: 'Text size' }).selectOption('100');
});

test.describe('at 200% zoom (800×600 seen as 400×300)', () => {
  test.use({ viewport: { width: 400, height: 300 } });

  test('the chat stays usable: the conversation list slides in on demand, and nothing serious for axe', async ({ page }) => {
    chat.standIn.on({ lastUserMessage: /zoom/ }).reply('Readable at any size.');
    await openChat(page, chat.harombe);
    await send(page, 'Does zoom work?');
    await expect(lastExchange(page)).toContainText('Readable at any size.');
    await page.screenshot({ path: 'e2e/screenshots/zoom-200-chat.png' });
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Show conversations' }).click();
    const sidebar = page.getByRole('navigation', { name: 'Conversations' });
    await expect(sidebar).toBeVisible();
    await page.screenshot({ path: 'e2e/screenshots/zoom-200-sidebar.png' });
    await sidebar.getByRole('button', { name: 'New chat' }).click();
    await expect(sidebar).toBeHidden();
    await expect(page.getByRole('heading', { name: 'New chat' })).toBeVisible();
  });
});
