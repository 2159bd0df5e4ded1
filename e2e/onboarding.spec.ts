// Onboarding against a real `harombe start`: Ollama (the stand-in) stopped → the onboarding screen says what to run and
// the chat comes back by itself when it answers; no model pulled → a failed, a cancelled and a finished download, the
// model set in harombe.yaml (comments kept) and a chat that works, without a restart or a reload.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { LoopbackRelay } from '../test/support/loopback-relay';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { seriousViolations } from './support/axe';
import { lastExchange, send } from './support/chat-harness';
import { startHarombe, type RunningHarombe } from './support/harombe-server';

test.use({ viewport: { width: 800, height: 600 } });

// The model server is checked every 15 s, and on /health once its last check is 5 s old: allow for that.
const RECHECK = { timeout: 20_000 };

/** harombe over a relay to the stand-in, so Ollama can go away and come back at the same address. */
async function startOver(standIn: OllamaStandIn): Promise<{ harombe: RunningHarombe; relay: LoopbackRelay }> {
  const relay = await new LoopbackRelay(standIn.port).open();
  const config = `# my harombe, by hand\nmodel:\n  name: qwen2.5:7b # the model I use\nollama:\n  host: http://127.0.0.1:${relay.port}\n`;
  const harombe = await startHarombe(config, '  sandbox: none\n  web_search: false\n');
  return { harombe, relay };
}

/** Marks the page, so a test can tell the chat came back without a reload. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((globalThis as unknown as { stillHere: boolean }).stillHere = true));
}
const stillSamePage = (page: Page) => page.evaluate(() => (globalThis as unknown as { stillHere?: boolean }).stillHere === true);

test.describe('Ollama not reachable', () => {
  let standIn: OllamaStandIn;
  let harombe: RunningHarombe;
  let relay: LoopbackRelay;
  test.beforeAll(async () => {
    standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
    ({ harombe, relay } = await startOver(standIn));
  });
  test.afterAll(async () => {
    await harombe?.stop();
    await relay?.close();
    await standIn?.stop();
  });

  test('the stand-in stopped → onboarding says what to run; restarted → the chat returns without a reload', async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto(harombe.signInUrl);
    await page.getByRole('textbox', { name: 'Message harombe' }).waitFor();
    await markPage(page);

    await relay.close();
    await standIn.stop();
    await expect(page.getByRole('heading', { name: 'Ollama is not reachable' })).toBeVisible(RECHECK);
    await expect(page.getByRole('main')).toContainText('ollama serve');
    await expect(page.getByRole('main')).toContainText('curl -fsSL https://ollama.com/install.sh | sh');
    await expect(page.getByRole('heading', { name: 'This machine' })).toBeVisible();
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.screenshot({ path: `e2e/screenshots/onboarding-ollama-down-${theme}.png` });
      expect(await seriousViolations(page)).toEqual([]);
    }

    standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
    await relay.open(standIn.port);
    await expect(page.getByRole('textbox', { name: 'Message harombe' })).toBeVisible(RECHECK);
    expect(await stillSamePage(page)).toBe(true);
    await send(page, 'hello again');
    await expect(lastExchange(page)).toContainText('You said: hello again');
  });
});

test.describe('no model pulled', () => {
  let standIn: OllamaStandIn;
  let harombe: RunningHarombe;
  let relay: LoopbackRelay;
  test.beforeAll(async () => {
    standIn = await new OllamaStandIn({ models: [] }).start();
    ({ harombe, relay } = await startOver(standIn));
  });
  test.afterAll(async () => {
    await harombe?.stop();
    await relay?.close();
    await standIn?.stop();
  });

  test('a failed pull says why and retries, Cancel installs nothing, a finished one is used at once', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(harombe.signInUrl);
    const main = page.getByRole('main');
    await expect(main.getByRole('status').first()).toContainText('qwen2.5:7b is not downloaded yet', RECHECK);
    await expect(page.getByRole('list', { name: 'Installed models' })).toHaveCount(0);
    await expect(main).toContainText('None yet');
    const downloads = page.getByRole('list', { name: 'Models to download' });
    await expect(downloads.getByText('qwen2.5:1.5b')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'This machine' })).toBeVisible();
    await expect(downloads.locator('li', { hasText: 'qwen2.5:1.5b' })).toContainText('fits this machine');
    await markPage(page);
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.screenshot({ path: `e2e/screenshots/onboarding-models-${theme}.png` });
      expect(await seriousViolations(page)).toEqual([]);
    }

    // The connection to Ollama breaks mid-download: the reason, and Retry.
    standIn.fault({ path: '/api/pull', closeAfterChunks: 2, times: 1 });
    await page.getByRole('button', { name: 'Download qwen2.5:1.5b' }).click();
    await expect(page.getByRole('alert')).toContainText('Could not pull qwen2.5:1.5b');
    await page.screenshot({ path: 'e2e/screenshots/onboarding-pull-failed.png' });

    // Retry, slowly enough to watch and cancel.
    standIn.fault({ path: '/api/pull', tokenDelayMs: 1000, times: 1 });
    await page.getByRole('button', { name: 'Retry' }).click();
    const progress = page.getByRole('region', { name: 'Downloading qwen2.5:1.5b' });
    await expect(progress).toContainText(/2\.3 GB of 4\.7 GB \(50%\)/);
    await expect(progress.getByRole('progressbar')).toBeVisible();
    await expect(progress).toContainText(/\/s · .* left/);
    await page.screenshot({ path: 'e2e/screenshots/onboarding-pull-progress.png' });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(main).toContainText('The download of qwen2.5:1.5b was cancelled; nothing was installed.');
    // Harombe hung up on Ollama (its pull really stopped): the half-done model is not installed, there or here.
    const cancelledPull = standIn.requests.filter((request) => request.path === '/api/pull').at(-1)!;
    expect(await cancelledPull.settled).toBe('client-closed');
    const tags = (await (await fetch(`${standIn.url}/api/tags`)).json()) as { models: unknown[] };
    expect(tags.models).toEqual([]);
    await page.reload();
    await markPage(page);
    await expect(main).toContainText('None yet');

    await page.getByRole('button', { name: 'Download qwen2.5:1.5b' }).click();
    await expect(main).toContainText('qwen2.5:1.5b is downloaded.');
    await expect(page.getByRole('list', { name: 'Installed models' })).toContainText('qwen2.5:1.5b');
    await expect(downloads.getByText('qwen2.5:1.5b')).toHaveCount(0);
    await page.getByRole('button', { name: 'Use qwen2.5:1.5b' }).first().click();

    await expect(page.getByRole('textbox', { name: 'Message harombe' })).toBeVisible(RECHECK);
    expect(await stillSamePage(page)).toBe(true);
    await send(page, 'hello new model');
    await expect(lastExchange(page)).toContainText('You said: hello new model');
    expect(standIn.chatRequests.at(-1)?.model).toBe('qwen2.5:1.5b');
    const yaml = await readFile(join(harombe.home, 'harombe.yaml'), 'utf8');
    expect(yaml).toContain('# my harombe, by hand');
    expect(yaml).toContain('name: qwen2.5:1.5b # the model I use');
  });
});
