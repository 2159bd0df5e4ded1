// Issue 15's screens against a real harombe with MCP servers: the approval card says why it asks and offers the scopes
// in words; "commands starting with …" for this conversation lets the next matching call run unasked; "everywhere"
// adds a rule Settings lists and Revoke removes; Trusted shows its red banner; Settings shows the MCP servers' status
// and tools; axe finds nothing serious on these screens in either theme.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './support/axe';
import { useApprovalsHarness } from './support/approvals-harness';
import { lastExchange, openChat, send } from './support/chat-harness';

const chat = useApprovalsHarness();
// The smallest window harombe supports: the scope choice, the banner and the settings cards must fit it.
test.use({ viewport: { width: 800, height: 600 } });

test.beforeEach(() => {
  // "please run X" asks for the shell call X; after its result the model reports the output.
  chat.standIn.on({ lastUserMessage: /run (.+)/ }).answer((request) => ({
    toolCalls: [{ name: 'shell', arguments: { command: /run (.+)/.exec(request.lastUserMessage ?? '')![1]! } }],
  }));
  chat.standIn.on({ afterToolResult: 'shell' }).reply((request) => `The shell said: ${request.lastToolResult?.content ?? ''}`);
});

const card = (page: Page) => page.getByRole('region', { name: /Approval needed/ }).last();
const THEMES = ['light', 'dark'] as const;

async function axeInBothThemes(page: Page, name: string): Promise<void> {
  for (const colorScheme of THEMES) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `e2e/screenshots/${name}-${colorScheme}.png` });
    expect(await seriousViolations(page), `${name} in the ${colorScheme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the card says why it asks and offers the scopes in words; "commands starting with git status" here lets the next run unasked', async ({ page }) => {
  // A repository to ask about, so the commands that run say something a person would expect.
  const workspace = join(chat.harombe.home, 'workspace');
  await mkdir(workspace, { recursive: true });
  execFileSync('git', ['init', '-q', workspace]);
  await openChat(page, chat.harombe);
  await send(page, 'please run git status --short');
  await expect(card(page)).toContainText('Why asked');
  await expect(card(page)).toContainText('no rule');
  await card(page).getByRole('button', { name: 'Always allow…' }).click();
  const choice = card(page).getByRole('form', { name: 'Always allow' });
  await expect(choice.getByRole('radio')).toHaveCount(5);
  await expect(choice.getByRole('radio', { name: 'this exact command git status --short' })).toBeFocused();
  await expect(choice.getByRole('radio', { name: 'commands starting with git status' })).toBeVisible();
  await expect(choice.getByRole('radio', { name: 'every shell command' })).toBeVisible();
  await expect(choice.getByText(/^everywhere/)).toContainText('saved to harombe.yaml');
  await axeInBothThemes(page, 'approval-scopes');

  // By keyboard: the prefix, in this conversation (the default), and Always allow.
  await page.keyboard.press('ArrowDown');
  await expect(choice.getByRole('radio', { name: 'commands starting with git status' })).toBeChecked();
  await choice.getByRole('button', { name: 'Always allow' }).click();
  await expect(card(page)).toContainText('Always allowed: commands starting with git status, in this conversation.');
  await expect(lastExchange(page)).toContainText('The shell said:');

  await send(page, 'please run git status');
  await expect(lastExchange(page)).toContainText('The shell said:');
  await expect(lastExchange(page).getByRole('region', { name: /Approval needed/ })).toHaveCount(0);
  await page.screenshot({ path: 'e2e/screenshots/approval-scope-ran-unasked.png' });

  // Another conversation was not given it.
  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'please run git status');
  await expect(card(page).getByRole('button', { name: 'Always allow…' })).toBeVisible();
  await card(page).getByRole('button', { name: 'Deny' }).click();
});

test('"everywhere" saves a rule to harombe.yaml that Settings lists; Revoke asks first, then removes it', async ({ page }) => {
  await openChat(page, chat.harombe);
  await send(page, 'please run git log --oneline -1');
  await card(page).getByRole('button', { name: 'Always allow…' }).click();
  const choice = card(page).getByRole('form', { name: 'Always allow' });
  await choice.getByRole('radio', { name: 'commands starting with git log' }).check();
  await choice.getByRole('radio', { name: /everywhere/ }).check();
  await choice.getByRole('button', { name: 'Always allow' }).click();
  await expect(card(page)).toContainText('everywhere (saved to harombe.yaml)');
  await expect(lastExchange(page)).toContainText('The shell said:');
  const yaml = () => readFile(join(chat.harombe.home, 'harombe.yaml'), 'utf8');
  expect(await yaml()).toContain('git log');

  await page.getByRole('link', { name: 'Settings' }).click();
  const rules = page.getByRole('list', { name: 'Approval rules' });
  const rule = rules.getByRole('listitem').filter({ hasText: 'commands starting with git log' });
  await expect(rule).toContainText('Allow');
  await rule.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/settings-approval-rules.png' });
  await rule.getByRole('button', { name: /^Revoke/ }).click();
  await expect(rule.getByRole('group', { name: /^Revoke/ })).toContainText('calls it allowed are asked again');
  await page.screenshot({ path: 'e2e/screenshots/settings-approval-revoke.png' });
  await rule.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(page.getByText('Revoked: shell commands starting with git log.')).toBeVisible();
  await expect(page.getByText(/No rules yet/)).toBeVisible();
  expect(await yaml()).not.toContain('git log');
  const listed = await chat.api<{ rules: unknown[] }>('/approvals/rules');
  expect(listed.rules).toEqual([]);
  await page.screenshot({ path: 'e2e/screenshots/settings-approval-no-rules.png' });
});

test('"always allow … everywhere" also allows the matching call waiting in another conversation: its card goes away', async ({ page }) => {
  await openChat(page, chat.harombe);
  await send(page, 'please run uname -s');
  await expect(card(page)).toBeVisible();
  await page.getByRole('button', { name: 'New chat' }).click();
  await send(page, 'please run uname -m');
  await expect(card(page)).toBeVisible();
  await expect(page.getByRole('button', { name: '2 waiting for you' })).toBeVisible();

  await card(page).getByRole('button', { name: 'Always allow…' }).click();
  await card(page).getByRole('radio', { name: 'every shell command' }).check();
  await card(page).getByRole('radio', { name: /everywhere/ }).check();
  await card(page).getByRole('button', { name: 'Always allow', exact: true }).click();
  await expect(lastExchange(page)).toContainText('The shell said:');
  await expect(page.getByRole('button', { name: /waiting for you/ })).toHaveCount(0);

  // The first conversation's call ran with that answer: no card left asking, its tool card done.
  await page.getByRole('navigation', { name: 'Conversations' }).getByText('please run uname -s').click();
  await expect(lastExchange(page)).toContainText('The shell said:');
  await expect(page.getByRole('region', { name: /Approval needed/ })).toHaveCount(0);
  await expect(lastExchange(page).getByRole('button', { name: /uname -s/ })).toContainText('done');
  await page.screenshot({ path: 'e2e/screenshots/approval-settled-by-another.png' });

  // Every shell command everywhere would change the tests after this one: the rule goes.
  const { rules } = await chat.api<{ rules: { id: string; tool: string }[] }>('/approvals/rules');
  for (const rule of rules) await chat.api(`/approvals/rules/${rule.id}`, 'DELETE');
});

test('an MCP call is asked on a card naming its server, and its tool card names it too', async ({ page }) => {
  chat.standIn.on({ lastUserMessage: /echo through mcp/ }).callTool('everything__echo', { message: 'hello from harombe' });
  chat.standIn.on({ afterToolResult: 'everything__echo' }).reply((request) => `MCP said: ${request.lastToolResult?.content ?? ''}`);
  await openChat(page, chat.harombe);
  await send(page, 'please echo through mcp');
  await expect(card(page)).toContainText('MCP server everything');
  await expect(card(page).getByLabel('Arguments')).toContainText('hello from harombe');
  await page.screenshot({ path: 'e2e/screenshots/approval-mcp.png' });
  await card(page).getByRole('button', { name: 'Allow once' }).click();
  await expect(lastExchange(page)).toContainText('MCP said:');
  await expect(lastExchange(page).getByRole('button', { name: /everything__echo/ })).toContainText('MCP server everything');
});

test('Trusted: a red banner in the chat, calls run without asking, and Back to Ask', async ({ page }) => {
  await openChat(page, chat.harombe);
  await page.getByRole('button', { name: 'Approval mode: Ask' }).click();
  await expect(page.getByRole('menuitemradio', { name: /^Trusted/ })).toContainText('Every tool runs without asking');
  await page.screenshot({ path: 'e2e/screenshots/approval-mode-menu.png' });
  await page.getByRole('menuitemradio', { name: /^Trusted/ }).click();
  const banner = page.getByRole('region', { name: 'Trusted mode' });
  await expect(banner).toContainText('Trusted: tools run without asking');
  await send(page, 'please run echo trusted-ran');
  await expect(lastExchange(page)).toContainText('The shell said: trusted-ran');
  await expect(lastExchange(page).getByRole('region', { name: /Approval needed/ })).toHaveCount(0);
  await expect(banner).toBeVisible();
  await axeInBothThemes(page, 'approval-trusted');

  await banner.getByRole('button', { name: 'Back to Ask' }).click();
  await expect(banner).toHaveCount(0);
  await send(page, 'please run echo asked-again');
  await expect(card(page)).toBeVisible();
  await card(page).getByRole('button', { name: 'Deny' }).click();
});

test('Settings lists the MCP servers: ready with its tools (dangerous marked), failed with its reason and stderr, disabled', async ({ page }) => {
  await page.goto(`${chat.harombe.signInUrl}#/settings`);
  const servers = page.getByRole('list', { name: 'MCP servers' });
  const everything = servers.getByRole('listitem', { name: 'everything' });
  await expect(everything.getByText('Ready')).toBeVisible({ timeout: 15_000 });
  await expect(everything).toContainText('stdio');
  await expect(everything.getByRole('listitem').filter({ hasText: 'everything__echo' })).toContainText('dangerous');
  await expect(everything.getByRole('listitem').filter({ hasText: 'everything__get-sum' })).toContainText('read-only');

  const notes = servers.getByRole('listitem', { name: 'notes' });
  await expect(notes.getByText(/Failed|Restarting/)).toBeVisible({ timeout: 15_000 });
  await notes.getByText(/it wrote to stderr/).click();
  await expect(notes.getByLabel('notes stderr')).toContainText('ECONNREFUSED');
  await expect(servers.getByRole('listitem', { name: 'remote' })).toContainText('Disabled');
  await notes.scrollIntoViewIfNeeded();
  await axeInBothThemes(page, 'settings-mcp');
  await page.getByRole('heading', { name: 'Approvals', exact: true }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'e2e/screenshots/settings-approvals.png' });
});
