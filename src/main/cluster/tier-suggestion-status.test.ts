// The suggested tier in the API's node status (GET /cluster/nodes, the dashboard): from the model, and from the
// hardware a node announced over mDNS; the configured tier stays the one used.
import { describe, expect, it } from 'vitest';
import { harombeConfigSchema } from '../../shared';
import { Cluster } from './cluster';
import { MdnsAdoption } from './discovery/mdns-adoption';

describe('node status: suggested_tier and tier_reason', () => {
  it('suggests from the model alone, then from the hardware an mDNS node announced; forgets it when the node leaves', async () => {
    const config = harombeConfigSchema.parse({
      model: { name: 'qwen2.5:3b' },
      cluster: { nodes: [{ name: 'big', host: '127.0.0.1', port: 9, model: 'qwen2.5:32b', tier: 0, enabled: false }] },
    });
    const cluster = new Cluster({ config, local: false });
    try {
      expect(cluster.nodes()[0]).toMatchObject({ name: 'big', tier: 0, suggested_tier: 2, tier_reason: "qwen2.5:32b (32B) is a powerful-tier model; the machine's hardware is unknown" });
      const adoption = MdnsAdoption.forCluster(cluster, { name: 'me', port: 1 });
      adoption.found({ name: 'mac', host: '127.0.0.2', port: 8000, model: 'qwen2.5:72b', tier: 2, kind: 'harombe', source: 'mdns', hardware: { kind: 'apple', gpuMemoryGb: null, ramGb: 16 } });
      const mac = cluster.nodes().find((node) => node.name === 'mac');
      expect(mac).toMatchObject({ tier: 2, suggested_tier: 1 });
      expect(mac?.tier_reason).toMatch(/does not fit in 16 GB of Apple Silicon unified memory; a model up to ~18B fits/);
      adoption.lost('mac');
      adoption.found({ name: 'mac', host: '127.0.0.2', port: 8000, model: 'qwen2.5:72b', tier: 2, kind: 'harombe', source: 'mdns' });
      expect(cluster.nodes().find((node) => node.name === 'mac')?.tier_reason).toMatch(/hardware is unknown/);
    } finally {
      await cluster.dispose();
    }
  });
});

describe('a disabled node on the coordinator', () => {
  it('is never contacted, not even by its test (which says it is disabled)', async () => {
    const contacted: string[] = [];
    const config = harombeConfigSchema.parse({
      model: { name: 'qwen2.5:3b' },
      cluster: { nodes: [{ name: 'example', host: '127.0.0.9', port: 9, model: 'qwen2.5:14b', tier: 1, enabled: false }] },
    });
    const cluster = new Cluster({ config, local: false, fetch: async (input) => (contacted.push(String(input)), new Response('{}')) });
    try {
      const result = await cluster.testExisting('example', { timeoutMs: 1_000, completionTimeoutMs: 1_000 });
      expect(result?.checks.map((check) => `${check.name} ${check.status}: ${check.detail}`)).toEqual([
        'reachable skip: disabled (enabled: false)',
        'auth skip: disabled (enabled: false)',
        'model skip: disabled (enabled: false)',
        'completion skip: disabled (enabled: false)',
      ]);
      await cluster.health.checkAll();
      expect(contacted).toEqual([]);
    } finally {
      await cluster.dispose();
    }
  });
});

describe('testing a node before adding it', () => {
  it('answers with the tier its model suggests and why', async () => {
    const cluster = new Cluster({ config: harombeConfigSchema.parse({ model: { name: 'qwen2.5:3b' }, cluster: {} }), local: false, fetch: async () => Response.error() });
    try {
      const result = await cluster.testDefinition({ name: 'gpu', host: '127.0.0.9', port: 9, model: 'qwen2.5:72b', tier: 0 }, { timeoutMs: 1_000, completionTimeoutMs: 1_000 });
      expect(result).toMatchObject({ suggested_tier: 2, tier_reason: "qwen2.5:72b (72B) is a powerful-tier model; the machine's hardware is unknown" });
    } finally {
      await cluster.dispose();
    }
  });
});
