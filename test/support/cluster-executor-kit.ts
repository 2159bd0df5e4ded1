// A four-node cluster (two tier 2, a tier 1, a tier 0) with scripted clients, an executor over it and the events it emits.
import type { ChatMessage, ClusterEvent } from '../../src/shared';
import type { LlmStreamEvent } from '../../src/main/llm';
import { LlmError } from '../../src/main/llm';
import { ClusterEvents } from '../../src/main/cluster/cluster-events';
import { ClusterExecutor, type ClusterExecutorOptions } from '../../src/main/cluster/cluster-executor';
import { ClusterMetrics } from '../../src/main/cluster/cluster-metrics';
import { Router } from '../../src/main/cluster/router';
import { setHealth, testCluster } from './cluster-test-kit';

/** A request the classifier calls complex: routed to tier 2 first. */
export const COMPLEX: ChatMessage[] = [{ role: 'user', content: 'Design a sharded database and compare it with Spanner' }];

/** A scripted failure before the first token: the node cannot be reached. */
export const unreachable = (where: string) =>
  ({ type: 'error', error: new LlmError('unreachable', `Cannot reach the model server at ${where} (ECONNREFUSED).`) }) as const;

/** server and server-b (tier 2), workstation (tier 1), laptop (tier 0), nearest in that order; no load balancing. */
export function setupExecutor(options: Partial<ClusterExecutorOptions> = {}, circuit = { failureThreshold: 3, halfOpenAfterMs: 60_000 }) {
  const cluster = testCluster({ circuit });
  const nodes = ['server', 'server-b', 'workstation', 'laptop'].map((name, index) =>
    cluster.add({ name, tier: [2, 2, 1, 0][index]!, model: `model-${name}` }),
  );
  nodes.forEach((node, index) => setHealth(node, { latency_ms: index + 1 }));
  const router = new Router({ registry: cluster.registry, routing: { load_balance: false, prefer_local: true } });
  const events = new ClusterEvents();
  const seen: ClusterEvent[] = [];
  events.onEvent((event) => seen.push(event));
  const metrics = new ClusterMetrics({ registry: cluster.registry });
  const executor = new ClusterExecutor({
    registry: cluster.registry,
    router,
    metrics,
    events,
    retryBaseMs: 100,
    random: () => 1,
    ...options,
  });
  const client = (name: string) => cluster.clients.get(name)!;
  return { ...cluster, router, executor, metrics, events: seen, client };
}

/** Reads a stream to its end: the text said, every event, and the error it ended with, if any. */
export async function collect(stream: AsyncIterable<LlmStreamEvent>): Promise<{ text: string; events: LlmStreamEvent[]; error?: LlmError }> {
  const events: LlmStreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { text: joinText(events), events, error: error as LlmError };
  }
  return { text: joinText(events), events };
}

function joinText(events: LlmStreamEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}
