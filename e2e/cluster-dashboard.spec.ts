// The cluster dashboard against a live cluster: a node stopped and started again (reason, fix, circuit countdown,
// recovery — no reload), a node added with the wrong token (the 401 fix), a node drained (routing skips it), Try
// routing, and axe-core in both themes with screenshots. Without a cluster: this machine alone and the guide.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { startHarombe } from './support/harombe-server';
import { completion, keyedProxy, startClusterHarness, type ClusterHarness } from './support/cluster-harness';

let cluster: ClusterHarness;
test.describe.configure({ mode: 'serial' });
test.setTimeout(90_000);

test.beforeAll(async () => {
  cluster = await startClusterHarness();
});
test.afterAll(async () => {
  await cluster?.stop();
});

async function openDashboard(page: Page, signInUrl = cluster.signInUrl): Promise<void> {
  await page.goto(signInUrl);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Cluster' }).click();
  await expect(page.getByRole('heading', { name: 'Cluster', level: 1 })).toBeVisible();
}

const card = (page: Page, name: string) => page.getByRole('article', { name, exact: true });

/** The whole dashboard (it scrolls inside the window, so a full-page shot would stop at the window's edge). */
async function shoot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await page.locator('.cluster-dashboard').evaluate((element) => (element as unknown as { scrollHeight: number }).scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: `e2e/screenshots/${name}.png` });
  await page.setViewportSize(viewport);
}

async function tryRouting(page: Page, message: string) {
  await page.getByRole('textbox', { name: 'Try routing a message' }).fill(message);
  await page.getByRole('button', { name: 'Route it' }).click();
  return page.getByRole('status', { name: 'Routing decision' });
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

test('every node by tier, live: the summary matches GET /metrics', async ({ page }) => {
  await openDashboard(page);
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  for (const [name, tier] of [['local', 0], ['fast', 0], ['mid', 1], ['big', 2]] as const) {
    await expect(page.getByRole('region', { name: new RegExp(`^Tier ${tier}`) }).getByRole('article', { name, exact: true }).locator('.node-status')).toHaveText('available');
  }
  const metrics = (await (await fetch(`${cluster.url}/metrics`)).json()) as { cluster_summary: { healthy_nodes: number; total_nodes: number } };
  await expect(page.getByRole('definition').filter({ hasText: '/' }).first()).toHaveText(`${metrics.cluster_summary.healthy_nodes} / ${metrics.cluster_summary.total_nodes}`);
});

test('a stopped node turns unavailable with the reason and the fix, its circuit opens with a countdown, and it recovers — no reload', async ({ page }) => {
  await openDashboard(page);
  const mid = card(page, 'mid');
  await expect(mid.locator('.node-status')).toHaveText('available');
  // Two requests are running on mid (its model holds its answer) when its server goes away: both fail, the circuit opens.
  const worker = cluster.workers['mid']!;
  worker.standIn.on({ lastUserMessage: /hold/ }).delayFirstByte(60_000).reply('late');
  const running = [completion(cluster, 'qwen2.5:7b', 'hold one'), completion(cluster, 'qwen2.5:7b', 'hold two')];
  await expect.poll(() => cluster.coordinator.cluster!.nodes().find((node) => node.name === 'mid')?.in_flight).toBe(2);
  await worker.stop();
  await Promise.all(running);
  await expect(mid.locator('.node-status')).toHaveText('unavailable');
  await expect(mid).toContainText('ECONNREFUSED');
  await expect(mid).toContainText('Fix:');
  await expect(mid).toContainText(/harombe start/);
  await expect(mid).toContainText(/open — skipped · 2 failures · next try in \d+ s/);
  const first = await mid.locator('.circuit-countdown').textContent();
  await expect(mid.locator('.circuit-countdown')).not.toHaveText(first!);
  await shoot(page, 'cluster-node-down');

  await cluster.workers['mid']!.start();
  await expect(mid.locator('.node-status')).toHaveText('available', { timeout: 20_000 });
  // After the cool-down a request probes it and the circuit closes.
  await expect(mid.locator('.circuit-countdown')).toHaveText('next try now', { timeout: 20_000 });
  await expect.poll(() => completion(cluster, 'qwen2.5:7b', 'three')).toBe(200);
  await expect(mid.locator('.circuit-state')).toHaveText('closed');
});

test('adding a node with the wrong token: "Test before adding" shows the 401 and its fix', async ({ page }) => {
  const proxy = await keyedProxy(`http://127.0.0.1:${cluster.workers['big']!.port}`, 'the-right-key');
  try {
    await openDashboard(page);
    await page.getByRole('button', { name: 'Add a node' }).click();
    const form = page.getByRole('form', { name: 'Add a node' });
    await form.getByRole('textbox', { name: 'Name' }).fill('remote');
    await form.getByRole('textbox', { name: 'Host' }).fill('127.0.0.1');
    await form.getByRole('textbox', { name: 'Port' }).fill(String(proxy.port));
    await form.getByRole('textbox', { name: 'Model' }).fill('qwen2.5:14b');
    await form.getByRole('combobox', { name: 'Tier' }).selectOption('2');
    await form.getByLabel('Auth token (optional)').fill('not-the-key');
    await form.getByRole('button', { name: 'Test before adding' }).click();
    const result = form.getByRole('status', { name: 'Test of remote' });
    await expect(result).toContainText('✗Token accepted failed');
    await expect(result).toContainText('401');
    await expect(result).toContainText('Fix:');
    await shoot(page, 'cluster-add-node-401');

    await form.getByLabel('Auth token (optional)').fill('the-right-key');
    await form.getByRole('button', { name: 'Test before adding' }).click();
    await expect(form.getByRole('status', { name: 'Test of remote' })).toContainText('remote passed every check.');
    await form.getByRole('checkbox', { name: /Save to harombe.yaml/ }).uncheck();
    await form.getByRole('button', { name: 'Add node' }).click();
    await expect(card(page, 'remote')).toBeVisible();

    await card(page, 'remote').getByRole('button', { name: 'Remove…' }).click();
    await card(page, 'remote').getByRole('button', { name: 'Remove remote' }).click();
    await expect(card(page, 'remote')).toHaveCount(0);
  } finally {
    await proxy.stop();
  }
});

test('a drained node is skipped by routing, and Try routing sends a complex prompt to tier 2', async ({ page }) => {
  await openDashboard(page);
  const fast = card(page, 'fast');
  await expect((await tryRouting(page, 'hi')).locator('.try-routing-candidates')).toContainText('fast');
  await fast.getByRole('button', { name: 'Drain' }).click();
  await expect(fast).toContainText('drained');
  const drained = await tryRouting(page, 'hi again');
  await expect(drained).toContainText('skipped drained node fast');
  await expect(drained.locator('.try-routing-candidates')).not.toContainText('fast');
  for (let index = 0; index < 4; index++) expect(await completion(cluster, 'auto', `hi ${index}`)).toBe(200);
  const decisions = page.getByRole('region', { name: 'Last decisions' }).getByRole('row');
  await expect(decisions.filter({ hasText: /hi \d/ })).toHaveCount(4);
  for (const row of await decisions.filter({ hasText: /hi \d/ }).all()) {
    await expect(row.getByRole('cell').nth(3)).toHaveText('0 fast');
    await expect(row.getByRole('cell').nth(4)).toHaveText('local');
  }

  const decision = await tryRouting(page, 'Design a distributed cache, compare consistent hashing with rendezvous hashing, and explain the trade-offs step by step.');
  await expect(decision).toContainText('big · tier 2 powerful · complex');
  await shoot(page, 'cluster-routing');

  await fast.getByRole('button', { name: 'Undrain' }).click();
  await expect(fast.getByRole('button', { name: 'Drain' })).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`axe-core: no serious or critical violations (${theme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.setViewportSize({ width: 1200, height: 900 });
    await openDashboard(page);
    await expect(card(page, 'big').locator('.node-status')).toHaveText('available');
    await page.getByRole('button', { name: 'Add a node' }).click();
    await shoot(page, `cluster-${theme}`);
    expect(await seriousViolations(page)).toEqual([]);
    // The smallest window the app supports: cards go to one column, nothing is cut.
    await page.setViewportSize({ width: 800, height: 600 });
    await shoot(page, `cluster-${theme}-800`);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('without a cluster: this machine alone and how to add another', async ({ page }) => {
  const standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  const single = await startHarombe(`model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n`);
  try {
    await openDashboard(page, single.signInUrl);
    await expect(page.getByRole('heading', { name: 'This machine' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Add a machine' })).toBeVisible();
    await expect(page.getByRole('article', { name: /./ }).locator('.node-status')).toHaveText('available');
    await expect(page.getByText('harombe start --host 0.0.0.0')).toBeVisible();
    await shoot(page, 'cluster-none');
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    await single.stop();
    await standIn.stop();
  }
});
