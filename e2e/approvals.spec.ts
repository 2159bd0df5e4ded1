// Approvals inline in the conversation: approve and see the output, deny, always allow for one conversation only,
// chat in B while A waits, and a card answered elsewhere says so.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { readServerSentEvents } from '../src/shared/api-client';
import { denyPendingApprovals, lastExchange, openChat, send, startChatHarness, type ChatHarness } from './support/chat-harness';

let chat: ChatHarness;

test.beforeAll(async () => {
  chat = await startChatHarness();
});
test.afterAll(async () => {
  await chat?.stop();
});
test.beforeEach(async () => {
  chat.standIn.reset();
  await denyPendingApprovals(chat.harombe);
  // Any message mentioning "run" asks for a shell call; after the result the model reports it.
  chat.standIn.on({ lastUserMessage: /run (.+)/ }).answer((request) => ({
    toolCalls: [{ name: 'shell', arguments: { command: /run (.+)/.exec(request.lastUserMessage ?? '')![1]! } }],
  }));
  chat.standIn.on({ afterToolResult: 'shell' }).reply((request) => `The shell said: ${request.lastToolResult?.content ?? ''}`);
});

const card = (page: Page) => page.getByRole('region', { name: /Approval needed/ }).last();

test('a shell call waits inline for approval, Deny focused first; allowed, its output shows in the card', async ({ page }) => {
  await openChat(page, chat.harombe);
  await send(page, 'please run echo hello-from-shell');
  await expect(card(page)).toBeVisible();
  await expect(card(page).getByLabel('Command to run')).toHaveText('echo hello-from-shell');
  await expect(card(page).getByRole('button', { name: 'Deny' })).toBeFocused();
  await expect(card(page)).toContainText('workspace');
  await page.screenshot({ path: 'e2e/screenshots/approval-pending.png' });
  await card(page).getByRole('button', { name: 'Allow once' }).click();
  await expect(card(page)).toContainText('Allowed once.');
  await expect(lastExchange(page)).toContainText('The shell said: hello-from-shell');
  await expect(lastExchange(page).getByLabel('shell output')).toContainText('hello-from-shell');
  await page.screenshot({ path: 'e2e/screenshots/approval-allowed.png' });
});

test('a file write shows its diff against the current file, + and - lines whole; a new file shows all added', async ({ page }) => {
  const workspace = join(chat.harombe.home, 'workspace');
  await mkdir(workspace, { recursive: true });
  await writeFile(join(workspace, 'plan.md'), '# Plan\n- draft\n- review\n- ship\n');
  chat.standIn.on({ lastUserMessage: /update the plan/ }).answer(() => ({
    toolCalls: [{ name: 'write_file', arguments: { path: 'plan.md', content: '# Plan\n- draft\n- test\n- ship\n- celebrate\n' } }],
  }));
  chat.standIn.on({ lastUserMessage: /start a log/ }).answer(() => ({
    toolCalls: [{ name: 'write_file', arguments: { path: 'log/today.md', content: 'first line\nsecond line\n' } }],
  }));
  chat.standIn.on({ afterToolResult: 'write_file' }).reply((request) => `Done: ${request.lastToolResult?.content ?? ''}`);

  await openChat(page, chat.harombe);
  await send(page, 'please update the plan');
  const diff = card(page).getByLabel('Changes to plan.md');
  await expect(diff).toBeVisible();
  await expect(card(page)).toContainText('2 added, 1 removed');
  await expect(diff.locator('[data-kind="removed"]')).toHaveText(['-- review']);
  await expect(diff.locator('[data-kind="added"]')).toHaveText(['+- test', '+- celebrate']);
  await page.screenshot({ path: 'e2e/screenshots/approval-file-diff.png' });
  // Added and removed lines readable in both themes (colour contrast), not told apart by colour alone (the signs).
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).include('.approval-card').withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id), colorScheme).toEqual([]);
  }
  await page.screenshot({ path: 'e2e/screenshots/approval-file-diff-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });
  await card(page).getByRole('button', { name: 'Allow once' }).click();
  await expect(lastExchange(page)).toContainText('Done: wrote');
  expect(await readFile(join(workspace, 'plan.md'), 'utf8')).toContain('- celebrate');

  await send(page, 'please start a log');
  await expect(card(page)).toContainText('2 lines, all added');
  await expect(card(page).getByLabel('Changes to log/today.md').locator('[data-kind]')).toHaveText(['+first line', '+second line']);
  await page.screenshot({ path: 'e2e/screenshots/approval-file-new.png' });
  await card(page).getByRole('button', { name: 'Deny' }).click();
});

test('Esc on the card denies: the command does not run and the card says so', async ({ page }) => {
  await openChat(page, chat.harombe);
  await send(page, 'please run touch should-not-exist');
  await expect(card(page).getByRole('button', { name: 'Deny' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(card(page)).toContainText('Denied: it did not run.');
  await expect(lastExchange(page)).toContainText('The shell said: The user declined');
  await expect(lastExchange(page).getByRole('button', { name: /shell/ })).toContainText('denied');
  await page.screenshot({ path: 'e2e/screenshots/approval-denied.png' });
});

test('always allow in this conversation: the next call runs without asking; a new conversation asks again', async ({ page }) => {
  await openChat(page, chat.harombe);
  await send(page, 'please run echo one');
  await card(page).getByRole('button', { name: 'Always allow…' }).click();
  await card(page).getByRole('radio', { name: 'every shell command' }).check();
  await card(page).getByRole('button', { name: 'Always allow', exact: true }).click();
  await expect(lastExchange(page)).toContainText('The shell said: one');
  await send(page, 'please run echo two');
  await expect(lastExchange(page)).toContainText('The shell said: two');
  await expect(lastExchange(page).getByRole('region', { name: /Approval needed/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'please run echo three');
  await expect(card(page)).toBeVisible();
  await expect(card(page).getByRole('button', { name: 'Allow once' })).toBeVisible();
});

test('a pending approval in conversation A never blocks chatting in B, and A is badged in the sidebar', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /weather/ }).reply('Sunny in B.');
  await openChat(page, chat.harombe);
  await send(page, 'please run echo from-A');
  await expect(card(page)).toBeVisible();

  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'What is the weather?');
  await expect(lastExchange(page)).toContainText('Sunny in B.');
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByLabel('1 approval waiting')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/approval-waiting-elsewhere.png' });

  // The queue in the header reaches every waiting approval from anywhere.
  await page.getByRole('button', { name: '1 waiting for you' }).click();
  await page.getByRole('menuitem', { name: 'shell: echo from-A' }).click();
  await expect(page.getByRole('heading', { name: 'please run echo from-A' })).toBeVisible();
  await card(page).getByRole('button', { name: 'Allow once' }).click();
  await expect(lastExchange(page)).toContainText('The shell said: from-A');
  await expect(sidebar.getByLabel(/approval waiting/)).toHaveCount(0);
  await expect(page.getByRole('button', { name: /waiting for you/ })).toHaveCount(0);
});

test('a card answered elsewhere (the API, the CLI) stops offering buttons and says so', async ({ page }) => {
  await openChat(page, chat.harombe);
  await send(page, 'please run echo answered-elsewhere');
  await expect(card(page)).toBeVisible();
  const token = (await readFile(join(chat.harombe.home, 'local-token'), 'utf8')).trim();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const pending = (await (await fetch(`${chat.harombe.url}/confirmations`, { headers })).json()) as { confirmations: { confirmation_id: string }[] };
  expect(pending.confirmations).toHaveLength(1);
  await fetch(`${chat.harombe.url}/confirmations/${pending.confirmations[0]!.confirmation_id}`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ decision: 'allow_once' }),
  });
  await expect(card(page)).toContainText('Allowed elsewhere');
  await expect(card(page).getByRole('button')).toHaveCount(0);
  await expect(lastExchange(page)).toContainText('The shell said: answered-elsewhere');
});

test('an approval another client waits for shows in its conversation, survives a reload, and answering it finishes that turn', async ({ page }) => {
  // Another client (the CLI, a script) runs a turn and keeps its stream open while the confirmation waits.
  const response = await fetch(`${chat.harombe.url}/chat/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'please run echo from-another-client' }),
  });
  const events = readServerSentEvents(response.body!);
  for (let next = await events.next(); !next.done; next = await events.next()) {
    if ((next.value as { type: string }).type === 'confirm_required') break;
  }

  await openChat(page, chat.harombe);
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await expect(sidebar.getByLabel('1 approval waiting')).toBeVisible();
  await page.reload();
  await sidebar.getByRole('button', { name: /please run echo from-another-client/ }).first().click();
  await expect(card(page).getByLabel('Command to run')).toHaveText('echo from-another-client');
  await page.screenshot({ path: 'e2e/screenshots/approval-from-another-client.png' });
  await card(page).getByRole('button', { name: 'Allow once' }).click();
  await expect(card(page)).toContainText('Allowed once.');

  let done: { response?: string } | undefined;
  for await (const event of events) if ((event as { type: string }).type === 'done') done = event as { response: string };
  expect(done?.response).toContain('The shell said: from-another-client');
  // The page followed that turn live (GET /conversations/:id/events): its answer arrives in the same exchange.
  await expect(lastExchange(page)).toContainText('The shell said: from-another-client');
  await expect(page.getByRole('region', { name: /Approval needed/ })).toHaveCount(1);
});
