// The no-cluster guide's "Look for harombe servers on this network" against a real harombe without a cluster: the
// browse's answer is stubbed in the page (no test browses the real network), Add saves the node for real, and the
// dashboard turns into the cluster with it — no restart.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { ClusterDiscoverResponse } from '../src/shared';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { startHarombe } from './support/harombe-server';

test.setTimeout(60_000);

async function shoot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const height = await page.locator('.cluster-dashboard').evaluate((element) => (element as unknown as { scrollHeight: number }).scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: `e2e/screenshots/${name}.png` });
  await page.setViewportSize(viewport);
}

test('without a cluster: the servers found on the network, one added with a click, and the cluster shown', async ({ page }) => {
  const local = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  const gpu = await new OllamaStandIn({ models: [{ name: 'qwen2.5:14b' }] }).start();
  const single = await startHarombe(`model:\n  name: qwen2.5:7b\nollama:\n  host: ${local.url}\n`);
  const found: ClusterDiscoverResponse = {
    seconds: 3,
    service: '_harombe._tcp.local',
    servers: [
      {
        name: 'studio',
        url: `http://127.0.0.1:${gpu.port}`,
        host: '127.0.0.1',
        port: gpu.port,
        kind: 'ollama',
        model: 'qwen2.5:14b',
        hardware: { kind: 'nvidia', gpu_memory_gb: 24, ram_gb: 64 },
        tier: 2,
        suggested_tier: 1,
        suggestion: 'qwen2.5:14b runs in 24 GB of GPU memory at ~41 tokens/s: a balanced-tier model',
      },
      {
        name: 'attic-pc-with-a-long-name',
        url: 'http://127.0.0.1:9',
        host: '127.0.0.1',
        port: 9,
        kind: 'harombe',
        model: 'llama3.2:3b',
        tier: 0,
        suggested_tier: 0,
        suggestion: 'llama3.2:3b (3B) is a fast-tier model; the machine is not announced',
      },
    ],
  };
  await page.route('**/cluster/discover', (route) => route.fulfill({ json: found }));
  try {
    await page.goto(single.signInUrl);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Cluster' }).click();
    await page.getByRole('button', { name: 'Look for harombe servers on this network' }).click();
    const list = page.getByRole('list', { name: 'Harombe servers found' });
    await expect(list.getByRole('listitem')).toHaveCount(2);
    await shoot(page, 'cluster-discover-found');
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => violation.id)).toEqual([]);

    await list.getByRole('button', { name: 'Add studio' }).click();
    await expect(page.getByRole('article', { name: 'studio', exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('heading', { name: /Tier 1/ })).toBeVisible();
    await shoot(page, 'cluster-discover-added');
  } finally {
    await single.stop();
    await Promise.all([local.stop(), gpu.stop()]);
  }
});
