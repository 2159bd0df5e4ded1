// A chat to drive from Chromium: the Ollama stand-in (scripted replies and tool calls) behind a real `harombe start`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type Page } from '@playwright/test';
import { OllamaStandIn } from '../../test/support/ollama-stand-in';
import { startHarombe, type RunningHarombe, type StartOptions } from './harombe-server';

export interface ChatHarness {
  standIn: OllamaStandIn;
  harombe: RunningHarombe;
  /** Stops harombe (SIGKILL: as if it crashed) and starts it again on the same port and home. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

export async function startChatHarness(): Promise<ChatHarness> {
  const standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  const start = (options?: StartOptions) =>
    startHarombe(`model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n`, '  sandbox: none\n  web_search: false\n', options);
  const harness: ChatHarness = {
    standIn,
    harombe: await start(),
    restart: async (signal) => {
      const { home, url } = harness.harombe;
      await harness.harombe.stop(signal);
      harness.harombe = await start({ home, port: Number(new URL(url).port) });
    },
    stop: async () => {
      await harness.harombe.stop();
      await standIn.stop();
    },
  };
  return harness;
}

/**
 * The harness of one spec file: started before its tests, stopped after them, its stand-in's rules cleared before each
 * test. The object it returns reads the running harness, so it can be held from the start.
 */
export function useChatHarness(): ChatHarness {
  let started: ChatHarness | undefined;
  test.beforeAll(async () => {
    started = await startChatHarness();
  });
  test.afterAll(async () => {
    await started?.stop();
  });
  test.beforeEach(() => {
    current().standIn.reset();
  });
  const current = (): ChatHarness => {
    if (!started) throw new Error('the chat harness starts in beforeAll; use it inside a test or hook');
    return started;
  };
  return {
    get standIn() {
      return current().standIn;
    },
    get harombe() {
      return current().harombe;
    },
    restart: (signal) => current().restart(signal),
    stop: () => current().stop(),
  };
}

/** Opens the sign-in link and waits for the chat to be ready for a message. */
export async function openChat(page: Page, harombe: RunningHarombe): Promise<void> {
  await page.goto(harombe.signInUrl);
  await page.getByRole('textbox', { name: 'Message harombe' }).waitFor();
}

/** Types a message and presses Enter, once the previous answer has finished (Send is offered, not Stop). */
export async function send(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Send' }).waitFor();
  const box = page.getByRole('textbox', { name: 'Message harombe' });
  await box.fill(text);
  await box.press('Enter');
}

/** The last exchange on the page (the user's message and the answer to it). */
export function lastExchange(page: Page) {
  return page.getByRole('article', { name: 'Exchange' }).last();
}

/**
 * Denies every approval still waiting on the server: a turn waiting for one outlives the page that started it (a
 * closed tab, a finished test), so a test that counts waiting approvals starts from none.
 */
export async function denyPendingApprovals(harombe: RunningHarombe): Promise<void> {
  const token = (await readFile(join(harombe.home, 'local-token'), 'utf8')).trim();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const { confirmations } = (await (await fetch(`${harombe.url}/confirmations`, { headers })).json()) as { confirmations: { confirmation_id: string }[] };
  for (const { confirmation_id } of confirmations) {
    await fetch(`${harombe.url}/confirmations/${confirmation_id}`, { method: 'POST', headers, body: JSON.stringify({ decision: 'deny' }) });
  }
}
