// The harombe server dies in the middle of an answer: the page says so plainly, keeps what was said, and Retry
// works once the server is back (same port, same home). (A clean shutdown lets a running turn finish first.)
import { expect, test } from '@playwright/test';
import { lastExchange, openChat, send, startChatHarness, type ChatHarness } from './support/chat-harness';

let chat: ChatHarness;

test.beforeAll(async () => {
  chat = await startChatHarness();
});
test.afterAll(async () => {
  await chat?.stop();
});

test('the server stopped mid-answer: a clear error, the partial text kept, and recovery when it returns', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /^hello$/ }).reply('Hi there.');
  chat.standIn.on({ lastUserMessage: /long/ }).reply(Array.from({ length: 60 }, (_, index) => ` part${index}`)).delayBetweenTokens(200).once();
  chat.standIn.on({ lastUserMessage: /long/ }).reply('The whole answer, this time.');
  await openChat(page, chat.harombe);
  await send(page, 'hello');
  await expect(lastExchange(page)).toContainText('Hi there.');
  await send(page, 'Tell me something long');
  await expect(lastExchange(page)).toContainText('part2');

  await chat.restart('SIGKILL');
  const answer = lastExchange(page);
  await expect(answer.getByRole('alert')).toContainText('The connection to the harombe server broke');
  await expect(answer.getByRole('alert')).toContainText('harombe status');
  await expect(answer).toContainText('part2');
  await page.screenshot({ path: 'e2e/screenshots/chat-server-crashed.png' });

  await answer.getByRole('button', { name: 'Retry' }).click();
  await expect(lastExchange(page)).toContainText('The whole answer, this time.');
});
