// The mDNS adoption policy: which announced nodes join the cluster, which stay as the person configured them.
import { describe, expect, it } from 'vitest';
import { harombeConfigSchema } from '../../../shared';
import { Cluster } from '../cluster';
import type { DiscoveredNode } from './discovery-txt';
import { MdnsAdoption } from './mdns-adoption';

function announced(input: Partial<DiscoveredNode> = {}): DiscoveredNode {
  return { name: 'gpu-box', host: '127.0.0.1', port: 8001, model: 'qwen2.5:14b', tier: 1, kind: 'harombe', source: 'mdns', ...input };
}

function coordinator(nodes: { name: string; host: string; port: number; model: string; tier: number }[] = []): Cluster {
  // Never started: adoption's own checkNow() fails fast against a closed loopback port and nothing stays running.
  return new Cluster({ config: harombeConfigSchema.parse({ model: { name: 'qwen2.5:7b' }, cluster: { nodes } }), local: false });
}

describe('MdnsAdoption', () => {
  it('adds a node it hears about, and replaces it when it is announced again with a new address', async () => {
    const cluster = coordinator();
    const adoption = MdnsAdoption.forCluster(cluster, { name: 'me', port: 8000 });
    expect(adoption.found(announced())).toBe('adopted');
    expect(adoption.found(announced({ port: 8002, model: 'llama3.1:8b' }))).toBe('adopted');
    expect(cluster.nodes().map(({ name, port, model, source }) => ({ name, port, model, source }))).toEqual([
      { name: 'gpu-box', port: 8002, model: 'llama3.1:8b', source: 'mdns' },
    ]);
    await cluster.dispose();
  });

  it('does not add this node itself, nor replace a node the config names', async () => {
    const cluster = coordinator([{ name: 'gpu-box', host: '127.0.0.1', port: 9000, model: 'qwen2.5:32b', tier: 2 }]);
    const adoption = MdnsAdoption.forCluster(cluster, { name: 'me', port: 8000 });
    expect(adoption.found(announced({ name: 'me', port: 8000 }))).toBe('self');
    expect(adoption.found(announced())).toBe('configured');
    expect(cluster.nodes().map(({ name, port, source }) => ({ name, port, source }))).toEqual([{ name: 'gpu-box', port: 9000, source: 'config' }]);
    await cluster.dispose();
  });

  it('removes a lost node only when mDNS added it', async () => {
    const cluster = coordinator([{ name: 'kept', host: '127.0.0.1', port: 9000, model: 'qwen2.5:32b', tier: 2 }]);
    const adoption = MdnsAdoption.forCluster(cluster, { name: 'me', port: 8000 });
    adoption.found(announced());
    expect(adoption.lost('gpu-box')).toBe(true);
    expect(adoption.lost('kept')).toBe(false);
    expect(adoption.lost('never-seen')).toBe(false);
    expect(cluster.nodes().map((node) => node.name)).toEqual(['kept']);
    await cluster.dispose();
  });
});
