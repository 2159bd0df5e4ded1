// The chat window against a real `harombe start` over the Ollama stand-in: streaming, memory, stop, errors, sign-in.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { lastExchange, openChat, send, useChatHarness } from './support/chat-harness';

const chat = useChatHarness();

test('tokens appear one by one before the answer completes, and a second turn remembers the first', async ({ page }) => {
  chat.standIn
    .on({ lastUserMessage: /story/ })
    .reply(['Once', ' upon', ' a', ' time', ' there', ' was', ' a', ' shell.'])
    .delayBetweenTokens(250);
  chat.standIn.on({ lastUserMessage: /first/ }).reply((request) => {
    const users = request.messages.filter((message) => message.role === 'user').map((message) => message.content);
    return `You first asked: ${users[0]}`;
  });
  await openChat(page, chat.harombe);
  await send(page, 'Tell me a story');
  const answer = lastExchange(page);
  await expect(answer).toContainText('Once upon');
  // Still streaming: the end has not arrived and Stop is offered.
  await expect(answer).not.toContainText('shell.');
  await expect(page.getByRole('button', { name: /Stop/ })).toBeVisible();
  await expect(answer).toContainText('Once upon a time there was a shell.');
  await expect(answer.locator('.message-meta')).toContainText('qwen2.5:7b');
  await expect(answer.locator('.message-meta')).toContainText('tokens/s');

  await send(page, 'What did I ask first?');
  await expect(lastExchange(page)).toContainText('You first asked: Tell me a story');
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Tell me a story', exact: true })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/chat-two-turns.png' });
});

test('a reload mid-answer rejoins the turn: the answer so far is back and the rest keeps arriving in the same message', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /song/ }).reply(Array.from({ length: 60 }, (_, index) => ` beat${index}`)).delayBetweenTokens(200);
  await openChat(page, chat.harombe);
  await send(page, 'Sing me a song');
  await expect(lastExchange(page)).toContainText('beat3');

  await page.reload();
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: /Sing me a song/ }).first().click();
  const answer = lastExchange(page);
  // What was said before the reload is back, and the answer is still coming: the turn was rejoined, not restarted.
  await expect(answer).toContainText('beat3');
  await expect(answer).not.toContainText('beat59');
  await expect(page.getByRole('button', { name: /Stop/ })).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/chat-rejoined-after-reload.png' });
  await expect(answer).toContainText('beat59', { timeout: 20_000 });
  await expect(page.getByRole('article', { name: 'Exchange' })).toHaveCount(1);
  await expect(answer.locator('.message-assistant')).toHaveCount(1);
  await expect(answer).toContainText(Array.from({ length: 60 }, (_, index) => ` beat${index}`).join('').trim());
  // One request to the model: the server's turn ran on through the reload.
  expect(chat.standIn.chatRequests.length).toBe(1);
});

test('Stop cancels the turn on the server, keeps the partial answer, and Continue resumes', async ({ page }) => {
  const words = Array.from({ length: 60 }, (_, index) => ` word${index}`);
  chat.standIn.on({ lastUserMessage: /long/ }).reply(words).delayBetweenTokens(200);
  chat.standIn.on({ lastUserMessage: /^hello$/ }).reply('Hi there.');
  chat.standIn.on({ lastUserMessage: /^Continue$/ }).reply('Picking up where I stopped.');
  await openChat(page, chat.harombe);
  // A conversation with an id first, so Stop goes through POST /conversations/:id/cancel.
  await send(page, 'hello');
  await expect(lastExchange(page)).toContainText('Hi there.');
  await send(page, 'Write something long');
  await expect(lastExchange(page)).toContainText('word2');
  await page.keyboard.press('Escape');
  await expect(lastExchange(page)).toContainText('Stopped');
  const requestsAfterStop = chat.standIn.chatRequests.length;
  await expect(lastExchange(page)).not.toContainText('word59');
  await expect(lastExchange(page)).toContainText('word2');
  await page.screenshot({ path: 'e2e/screenshots/chat-stopped.png' });
  expect(chat.standIn.chatRequests.length).toBe(requestsAfterStop);

  await lastExchange(page).getByRole('button', { name: 'Continue' }).click();
  await expect(lastExchange(page)).toContainText('Picking up where I stopped.');
});

test('Stop on the very first message of a new conversation keeps it, and Continue carries on in the same one', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /poem/ }).reply(Array.from({ length: 60 }, (_, index) => ` verse${index}`)).delayBetweenTokens(200);
  chat.standIn.on({ lastUserMessage: /^Continue$/ }).reply((request) => `Continuing after ${request.messages.filter((m) => m.role === 'user').length - 1} earlier message(s).`);
  await openChat(page, chat.harombe);
  await send(page, 'Write a poem');
  await expect(lastExchange(page)).toContainText('verse2');
  await page.getByRole('button', { name: /Stop/ }).click();
  await expect(lastExchange(page)).toContainText('Stopped');
  await expect(page.getByRole('heading', { name: 'Write a poem' })).toBeVisible();
  await lastExchange(page).getByRole('button', { name: 'Continue' }).click();
  await expect(lastExchange(page)).toContainText('Continuing after 1 earlier message(s).');
});

test('a failed turn keeps the partial text, shows the server hint, and Retry works', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /fragile/ }).reply(['Partial', ' answer', ' then', ' more']).errorAfter(2, 'out of memory').once();
  chat.standIn.on({ lastUserMessage: /fragile/ }).reply('Recovered answer.');
  await openChat(page, chat.harombe);
  await send(page, 'Something fragile');
  const answer = lastExchange(page);
  await expect(answer.getByRole('alert')).toBeVisible();
  await expect(answer).toContainText('Partial answer');
  await expect(answer.getByRole('alert')).toContainText(/out of memory/i);
  await page.screenshot({ path: 'e2e/screenshots/chat-error.png' });
  await answer.getByRole('button', { name: 'Retry' }).click();
  await expect(lastExchange(page)).toContainText('Recovered answer.');
  // Retried in the same conversation, not a second one.
  await expect(page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Something fragile', exact: true })).toHaveCount(1);
});

test('with the model server failing, the chat\'s place says why and what to do, and the chat returns by itself', async ({ page }) => {
  chat.standIn.fault({ path: '/api/tags', httpError: { status: 500, message: 'boom' } });
  test.setTimeout(60_000);
  await page.goto(chat.harombe.signInUrl);
  // Onboarding takes the chat's place once /health has checked the model server again (its answer may be up to 5 s old
  // and a healthy page asks every 15 s); until then the composer says why it cannot send.
  await expect(page.getByRole('heading', { name: 'Set up harombe' }).or(page.locator('#composer-reason'))).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Set up harombe' })).toBeVisible({ timeout: 30_000 });
  // Ollama answers but cannot list its models: said as that, not as a model to download.
  await expect(page.getByRole('alert').filter({ hasText: 'Could not list the models' })).toContainText('(500)');
  await expect(page.getByText('is not downloaded yet')).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Message harombe' })).toHaveCount(0);
  await page.screenshot({ path: 'e2e/screenshots/chat-cannot-answer.png' });
  chat.standIn.reset();
  await expect(page.getByRole('textbox', { name: 'Message harombe' })).toBeVisible({ timeout: 15_000 });
});

test('search finds a word from an old conversation; export downloads it as Markdown and JSON', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /capital/ }).reply('The capital is Ouagadougou.');
  chat.standIn.on({ lastUserMessage: /^thanks$/ }).reply('You are welcome.');
  await openChat(page, chat.harombe);
  await send(page, 'What is the capital of Burkina Faso?');
  await expect(lastExchange(page)).toContainText('Ouagadougou');
  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'thanks');
  await expect(lastExchange(page)).toContainText('You are welcome.');

  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  await sidebar.getByRole('searchbox', { name: 'Search conversations' }).fill('ouagadougou');
  await expect(sidebar.getByRole('button', { name: 'What is the capital of Burkina Faso?', exact: true })).toBeVisible();
  await expect(sidebar.getByRole('button', { name: 'thanks', exact: true })).toHaveCount(0);
  await page.screenshot({ path: 'e2e/screenshots/chat-search.png' });
  await sidebar.getByRole('button', { name: 'What is the capital of Burkina Faso?', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'What is the capital of Burkina Faso?' })).toBeVisible();

  for (const [format, name, expected] of [
    ['Markdown (.md)', 'what-is-the-capital-of-burkina-faso.md', '## harombe\n\nThe capital is Ouagadougou.'],
    ['JSON (.json)', 'what-is-the-capital-of-burkina-faso.json', '"content": "The capital is Ouagadougou."'],
  ] as const) {
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: format }).click()]);
    expect(download.suggestedFilename()).toBe(name);
    const path = await download.path();
    expect(await readFile(path, 'utf8')).toContain(expected);
  }
});

test('a 1,000-message conversation (code blocks and tool cards) opens at its end and scrolls back to its start', async ({ page }) => {
  test.slow(); // a loaded CI machine's Chromium; speed is the bench's job (npm run bench -- ui)
  const messages = Array.from({ length: 250 }, (_, index) => [
    { role: 'user', content: `Question ${index}` },
    { role: 'assistant', content: '', tool_calls: [{ id: `call_${index}`, name: 'shell', arguments: JSON.stringify({ command: `echo ${index}` }) }] },
    { role: 'tool', tool_call_id: `call_${index}`, name: 'shell', content: `${index}\n[exit code 0]` },
    { role: 'assistant', content: `Answer ${index}:\n\n\`\`\`ts\nconst value = ${index};\n\`\`\`` },
  ]).flat();
  const now = new Date().toISOString();
  const folder = join(chat.harombe.home, 'conversations');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'big-fixture.json'), JSON.stringify({ id: 'big-fixture', title: 'Big fixture', created_at: now, updated_at: now, messages, always_allow: [] }));

  await openChat(page, chat.harombe);
  await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Big fixture', exact: true }).click();
  // It opens at the latest exchange; the list draws only what is on screen, each exchange saying its place in all 250.
  const exchanges = page.getByRole('article', { name: 'Exchange' });
  await expect(lastExchange(page)).toContainText('Answer 249:');
  await expect(lastExchange(page).getByRole('button', { name: /shell/ })).toContainText('echo 249');
  await expect(lastExchange(page)).toHaveAttribute('aria-posinset', '250');
  await expect(lastExchange(page)).toHaveAttribute('aria-setsize', '250');
  expect(await exchanges.count()).toBeLessThan(50);
  // The code block is highlighted once drawn, its text unchanged.
  await expect(lastExchange(page).locator('pre .hljs-keyword')).toHaveText('const');
  await expect(lastExchange(page).locator('pre')).toHaveText('const value = 249;');
  // Scrolling back reaches the first exchange.
  const conversation = page.getByLabel('Conversation', { exact: true });
  await expect
    .poll(async () => {
      await conversation.evaluate((element) => ((element as unknown as { scrollTop: number }).scrollTop = 0));
      return exchanges.first().textContent();
    })
    .toContain('Question 0');
  await expect(exchanges.first()).toHaveAttribute('aria-posinset', '1');
  await expect(exchanges.first()).toContainText('Answer 0:');
});

test('deleting a conversation can be undone for a few seconds, then it is gone from the server', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /throwaway/ }).reply('Noted.');
  await openChat(page, chat.harombe);
  await send(page, 'A throwaway question');
  await expect(lastExchange(page)).toContainText('Noted.');
  const sidebar = page.getByRole('navigation', { name: 'Conversations' });
  const row = sidebar.getByRole('button', { name: 'A throwaway question', exact: true });
  await row.hover();
  await sidebar.getByRole('button', { name: 'Delete “A throwaway question”' }).click();
  await expect(row).toHaveCount(0);
  await sidebar.getByRole('button', { name: 'Undo' }).click();
  await expect(row).toBeVisible();

  await row.hover();
  await sidebar.getByRole('button', { name: 'Delete “A throwaway question”' }).click();
  await expect(sidebar.getByRole('status')).toContainText('Deleted');
  const token = (await readFile(join(chat.harombe.home, 'local-token'), 'utf8')).trim();
  await expect
    .poll(async () => {
      const list = (await (await fetch(`${chat.harombe.url}/conversations`, { headers: { authorization: `Bearer ${token}` } })).json()) as { conversations: { title: string }[] };
      return list.conversations.some((conversation) => conversation.title === 'A throwaway question');
    }, { timeout: 15_000 })
    .toBe(false);
  await expect(row).toHaveCount(0);
});
