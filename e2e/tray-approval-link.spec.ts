// The desktop tray's approval item (and its notification) opens the window at #/chat?conversation=<id>: the chat
// shows that conversation with its approval card, whichever conversation was on screen before.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { denyPendingApprovals, openChat, send, useChatHarness } from './support/chat-harness';

const chat = useChatHarness();

test.beforeEach(async () => {
  await denyPendingApprovals(chat.harombe);
  chat.standIn.on({ lastUserMessage: /run (.+)/ }).answer((request) => ({
    toolCalls: [{ name: 'shell', arguments: { command: /run (.+)/.exec(request.lastUserMessage ?? '')![1]! } }],
  }));
});

const card = (page: Page) => page.getByRole('region', { name: /Approval needed/ }).last();

async function pendingConversation(): Promise<string> {
  const token = (await readFile(join(chat.harombe.home, 'local-token'), 'utf8')).trim();
  const response = await fetch(`${chat.harombe.url}/confirmations`, { headers: { authorization: `Bearer ${token}` } });
  const { confirmations } = (await response.json()) as { confirmations: { conversation_id: string }[] };
  expect(confirmations).toHaveLength(1);
  return confirmations[0]!.conversation_id;
}

test('a conversation link opens the chat at the conversation whose approval waits', async ({ page }) => {
  await openChat(page, chat.harombe);
  await send(page, 'please run echo from-the-tray');
  await expect(card(page)).toBeVisible();
  const conversationId = await pendingConversation();

  // Another conversation on screen, as when the window was left on a different chat.
  await page.getByRole('button', { name: 'New chat' }).click();
  await expect(card(page)).toBeHidden();

  await page.goto(`${chat.harombe.url}/#/chat?conversation=${conversationId}`);
  await expect(card(page)).toBeVisible();
  await expect(card(page).getByLabel('Command to run')).toHaveText('echo from-the-tray');
  await expect(page).toHaveURL(/#\/chat$/);
  await page.screenshot({ path: 'e2e/screenshots/tray-approval-link.png' });
});
