// A node's status as the API sends it, with only what a test cares about written out.
import type { NodeStatus } from '../../../../../shared/cluster-schema';

type Patch = Partial<Omit<NodeStatus, 'health' | 'circuit'>> & { health?: Partial<NodeStatus['health']>; circuit?: Partial<NodeStatus['circuit']> };

export function nodeStatus(patch: Patch = {}): NodeStatus {
  const { health, circuit, ...rest } = patch;
  const name = rest.name ?? 'gpu';
  return {
    name,
    kind: 'harombe',
    host: '192.168.1.50',
    port: 8000,
    url: 'http://192.168.1.50:8000',
    model: 'qwen2.5:14b',
    tier: 1,
    enabled: true,
    source: 'config',
    in_flight: 0,
    drain: false,
    success_rate: null,
    tokens_per_second: null,
    ...rest,
    health: {
      status: 'available',
      reason: 'answered in 40 ms',
      latency_ms: 40,
      last_check: '2026-12-02T06:00:00.000Z',
      consecutive_failures: 0,
      model_ok: true,
      served_models: ['qwen2.5:14b'],
      fix: null,
      recent_latencies_ms: [40],
      ...health,
    },
    circuit: { state: 'closed', open_until: null, consecutive_failures: 0, last_failure: null, ...circuit },
  };
}
