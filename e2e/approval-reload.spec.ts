// This tab's own pending approval survives a reload: the turn waits on detached, the reloaded page rejoins it
// (GET /conversations/:id/events) and shows the approval again, and answering it lets the turn finish, its answer live.
import { expect, test, type Page } from '@playwright/test';
import { lastExchange, openChat, send, useChatHarness } from './support/chat-harness';

const chat = useChatHarness();

test.beforeEach(() => {
  chat.standIn.on({ lastUserMessage: /run (.+)/ }).answer((request) => ({
    toolCalls: [{ name: 'shell', arguments: { command: /run (.+)/.exec(request.lastUserMessage ?? '')![1]! } }],
  }));
  chat.standIn.on({ afterToolResult: 'shell' }).reply((request) => `The shell said: ${request.lastToolResult?.content ?? ''}`);
});

const card = (page: Page) => page.getByRole('region', { name: /Approval needed/ }).last();

test('reloading while an approval waits shows it again, and answering it finishes the turn', async ({ page }) => {
  await openChat(page, chat.harombe);
  await send(page, 'please run echo survives-reload');
  await expect(card(page).getByLabel('Command to run')).toHaveText('echo survives-reload');

  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /please run echo survives-reload/ }).first().click();
  await expect(card(page).getByLabel('Command to run')).toHaveText('echo survives-reload');
  await page.screenshot({ path: 'e2e/screenshots/approval-after-reload.png' });
  await card(page).getByRole('button', { name: 'Allow once' }).click();
  await expect(lastExchange(page)).toContainText('The shell said: survives-reload', { timeout: 15_000 });
  await expect(page.getByRole('region', { name: /Approval needed/ })).toHaveCount(1);
});
