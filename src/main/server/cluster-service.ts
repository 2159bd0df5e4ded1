// The server's view of a Cluster (ClusterService): built once per cluster, so callers never reach into its parts.
import type { Cluster } from '../cluster';
import { ClusterUpstreamResolver } from './openai-compat/cluster-upstream-resolver';
import type { UpstreamResolver } from './openai-compat/upstream-resolver';
import type { ClusterService } from './services';

/** How long a node test waits for one check (reachable, auth), and for its tiny completion (a model may load first). */
const NODE_TEST_TIMEOUTS = { timeoutMs: 5_000, completionTimeoutMs: 60_000 };

/** `local`: this machine's own model server, for /v1 requests a coordinator relayed here and models no node serves. */
export function clusterService(cluster: Cluster, local: UpstreamResolver): ClusterService {
  const { registry, router, events, metrics } = cluster;
  return {
    nodes: () => cluster.nodes(),
    hasNode: (name) => registry.has(name),
    addNode: (node, source) => {
      const added = registry.add(node, { source });
      return {
        status: () => added.status(),
        undo: () => {
          if (registry.get(node.name) === added) registry.remove(node.name);
        },
      };
    },
    removeNode: (name) => registry.remove(name),
    route: (request) => router.route(request),
    recentRoutes: () => cluster.recentRoutes(),
    setDrain: (name, drain) => {
      if (!cluster.setDrain(name, drain)) return undefined;
      const node = registry.get(name);
      return node ? cluster.statusOf(node) : undefined;
    },
    testDefinition: (node, signal) => cluster.testDefinition(node, { ...NODE_TEST_TIMEOUTS, ...(signal ? { signal } : {}) }),
    testExisting: async (name, signal) => {
      const result = await cluster.testExisting(name, { ...NODE_TEST_TIMEOUTS, ...(signal ? { signal } : {}) });
      const node = registry.get(name);
      return result && node ? { result, status: cluster.statusOf(node) } : undefined;
    },
    onEvent: (listener) => events.onEvent(listener),
    metrics,
    upstream: new ClusterUpstreamResolver(cluster, local),
  };
}

/** One ClusterService per Cluster, for a runtime whose cluster may be replaced by a config change. */
export function clusterServices(local: UpstreamResolver): (cluster: Cluster | undefined) => ClusterService | undefined {
  const built = new WeakMap<Cluster, ClusterService>();
  return (cluster) => {
    if (!cluster) return undefined;
    let service = built.get(cluster);
    if (!service) built.set(cluster, (service = clusterService(cluster, local)));
    return service;
  };
}
