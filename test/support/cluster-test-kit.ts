// Builds cluster registries for tests: nodes with scripted clients, and health set by hand instead of by checks.
import type { NodeConfig, NodeHealth } from '../../src/shared';
import { NodeRegistry, type ClusterNode, type CircuitBreakerOptions, type NodeConfigInput } from '../../src/main/cluster';
import { ScriptedLlmClient } from './scripted-llm-client';

export interface TestCluster {
  registry: NodeRegistry;
  /** The scripted client of each node, by name. */
  clients: Map<string, ScriptedLlmClient>;
  add(node: Partial<NodeConfig> & { name: string; tier: number }): ClusterNode;
}

export function testCluster(options: { circuit?: CircuitBreakerOptions } = {}): TestCluster {
  const clients = new Map<string, ScriptedLlmClient>();
  const registry = new NodeRegistry({
    ...(options.circuit ? { circuit: options.circuit } : {}),
    clientFactory: ({ config }) => {
      const client = new ScriptedLlmClient();
      clients.set(config.name, client);
      return client;
    },
  });
  return {
    registry,
    clients,
    add: (node) => {
      const input: NodeConfigInput = { host: `${node.name}.lan`, model: 'qwen2.5:7b', ...node };
      return registry.add(input, { source: 'config' });
    },
  };
}

/** Sets what a health check would have found. */
export function setHealth(node: ClusterNode, health: Partial<NodeHealth>): void {
  node.health = {
    status: 'available',
    reason: 'answered',
    latency_ms: 10,
    last_check: new Date().toISOString(),
    consecutive_failures: 0,
    model_ok: true,
    served_models: [node.config.model],
    fix: null,
    recent_latencies_ms: [],
    ...health,
  };
}
