// Edit and resend, Regenerate, Retry without a duplicate, and the composer's model picker, against a real `harombe start`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { lastExchange, openChat, send, startChatHarness, type ChatHarness } from './support/chat-harness';

let chat: ChatHarness;

test.beforeAll(async () => {
  chat = await startChatHarness();
  chat.standIn.addModel({ name: 'llama3.2:3b' });
});
test.afterAll(async () => {
  await chat?.stop();
});
test.beforeEach(() => {
  chat.standIn.reset();
});

/** The saved conversation's messages, from the server's own API (with the local token). */
async function savedMessages(title: string): Promise<{ role: string; content: string }[]> {
  const token = (await readFile(join(chat.harombe.home, 'local-token'), 'utf8')).trim();
  const headers = { authorization: `Bearer ${token}` };
  const { conversations } = (await (await fetch(`${chat.harombe.url}/conversations`, { headers })).json()) as { conversations: { id: string; title: string }[] };
  const id = conversations.find((conversation) => conversation.title === title)?.id;
  const conversation = (await (await fetch(`${chat.harombe.url}/conversations/${id}`, { headers })).json()) as { messages: { role: string; content: string }[] };
  return conversation.messages.map(({ role, content }) => ({ role, content }));
}

test('Edit resends a message in place: the answers after it are replaced, here and on the server', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /^Name a colour$/ }).reply('Red.');
  chat.standIn.on({ lastUserMessage: /^Another$/ }).reply('Blue.');
  chat.standIn.on({ lastUserMessage: /^Name a fruit$/ }).reply((request) => `Apple (after ${request.messages.filter((m) => m.role === 'user').length - 1} earlier).`);
  await openChat(page, chat.harombe);
  await send(page, 'Name a colour');
  await expect(lastExchange(page)).toContainText('Red.');
  await send(page, 'Another');
  await expect(lastExchange(page)).toContainText('Blue.');

  const second = lastExchange(page);
  await second.getByRole('button', { name: 'Edit this message' }).click();
  const editor = page.getByRole('textbox', { name: /Edit your message/ });
  await editor.press('Escape');
  await expect(editor).toHaveCount(0);
  await expect(lastExchange(page)).toContainText('Blue.');

  await lastExchange(page).getByRole('button', { name: 'Edit this message' }).click();
  await page.getByRole('textbox', { name: /Edit your message/ }).fill('Name a fruit');
  await page.getByRole('textbox', { name: /Edit your message/ }).press('Enter');
  await expect(lastExchange(page)).toContainText('Apple (after 1 earlier).');
  await expect(page.getByRole('article', { name: 'Exchange' })).toHaveCount(2);
  await expect(page.getByText('Blue.')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/screenshots/chat-edited.png' });
  await expect.poll(() => savedMessages('Name a colour')).toEqual([
    { role: 'user', content: 'Name a colour' },
    { role: 'assistant', content: 'Red.' },
    { role: 'user', content: 'Name a fruit' },
    { role: 'assistant', content: 'Apple (after 1 earlier).' },
  ]);
});

test('Regenerate asks again for the last answer, after a reload too, and replaces it', async ({ page }) => {
  let count = 0;
  chat.standIn.on({ lastUserMessage: /^Roll a die$/ }).reply(() => `You rolled ${++count}.`);
  await openChat(page, chat.harombe);
  await send(page, 'Roll a die');
  await expect(lastExchange(page)).toContainText('You rolled 1.');
  await lastExchange(page).getByRole('button', { name: 'Regenerate' }).click();
  await expect(lastExchange(page)).toContainText('You rolled 2.');
  await expect(page.getByRole('article', { name: 'Exchange' })).toHaveCount(1);

  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Roll a die', exact: true }).click();
  await expect(lastExchange(page)).toContainText('You rolled 2.');
  await lastExchange(page).getByRole('button', { name: 'Regenerate' }).click();
  await expect(lastExchange(page)).toContainText('You rolled 3.');
  await expect(page.getByRole('article', { name: 'Exchange' })).toHaveCount(1);
  await expect.poll(() => savedMessages('Roll a die')).toEqual([
    { role: 'user', content: 'Roll a die' },
    { role: 'assistant', content: 'You rolled 3.' },
  ]);
});

test('Retry after a failure replaces the failed message instead of saving it twice', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /brittle/ }).reply(['Half', ' of it']).errorAfter(1, 'out of memory').once();
  chat.standIn.on({ lastUserMessage: /brittle/ }).reply('Whole answer.');
  await openChat(page, chat.harombe);
  await send(page, 'Something brittle');
  await expect(lastExchange(page).getByRole('alert')).toBeVisible();
  await lastExchange(page).getByRole('button', { name: 'Retry' }).click();
  await expect(lastExchange(page)).toContainText('Whole answer.');
  await expect.poll(() => savedMessages('Something brittle')).toEqual([
    { role: 'user', content: 'Something brittle' },
    { role: 'assistant', content: 'Whole answer.' },
  ]);
});

test('the composer’s model picker sends the next turn to the chosen model', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /which model/ }).reply((request) => `Answered by ${request.model}.`);
  await openChat(page, chat.harombe);
  const picker = page.getByRole('combobox', { name: 'Model' });
  await expect(picker).toHaveValue('');
  await send(page, 'which model are you?');
  await expect(lastExchange(page)).toContainText('Answered by qwen2.5:7b.');
  await picker.selectOption('llama3.2:3b');
  await send(page, 'and now, which model?');
  await expect(lastExchange(page)).toContainText('Answered by llama3.2:3b.');
  // The line under the answer names the model that answered, not the configured one.
  await expect(lastExchange(page).locator('.message-meta')).toContainText('llama3.2:3b');
  await page.screenshot({ path: 'e2e/screenshots/chat-model-picker.png' });
});
