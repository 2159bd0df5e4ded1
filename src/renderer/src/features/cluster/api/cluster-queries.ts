// Server state the dashboard reads and changes besides the stream: metrics, this node's health, and the node actions.
import { useQuery } from '@tanstack/react-query';
import type { ClusterDiscoverResponse, ClusterRouteResponse, DiscoveredServer } from '../../../../../shared/api-schemas';
import type { NodeTestResult } from '../../../../../shared/cluster-schema';
import type { NodeConfig } from '../../../../../shared/config-schema';
import { api } from '../../../lib/api';

const POLL_MS = 3000;

/** GET /metrics, the numbers the summary shows (the same ones scripts scrape). */
export function useMetrics(enabled: boolean) {
  return useQuery({
    queryKey: ['metrics'],
    queryFn: ({ signal }) => api().call('metrics.get', { signal }),
    refetchInterval: POLL_MS,
    enabled,
  });
}

/** This node's own health: the local node shown when there is no cluster. */
export function useLocalHealth(enabled: boolean) {
  return useQuery({
    queryKey: ['health'],
    queryFn: ({ signal }) => api().call('health.get', { signal }),
    refetchInterval: POLL_MS,
    enabled,
  });
}

/**
 * What the dashboard's buttons do. The live stream reports each change (node_added, node_removed, node_drain), so
 * nothing here updates the page's state itself.
 */
export const clusterActions = {
  tryRouting: (message: string): Promise<ClusterRouteResponse> => api().call('cluster.route', { input: { message } }),
  /** A test stops on the server when `signal` aborts (the form or card left the page). */
  testNode: (node: NodeConfig, signal?: AbortSignal): Promise<NodeTestResult> => api().call('cluster.nodes.test', { input: node, ...(signal ? { signal } : {}) }),
  testOne: (name: string, signal?: AbortSignal): Promise<NodeTestResult> => api().call('cluster.nodes.test_one', { params: { name }, ...(signal ? { signal } : {}) }),
  add: async (node: NodeConfig, save: boolean): Promise<void> => {
    await api().call('cluster.nodes.add', { input: { ...node, save } });
  },
  /** One mDNS browse on the server (3 s): the harombe servers on its network not in the cluster yet. */
  discover: (signal?: AbortSignal): Promise<ClusterDiscoverResponse> => api().call('cluster.discover', { input: {}, ...(signal ? { signal } : {}) }),
  /** A server the browse found, saved into harombe.yaml (which creates the cluster: section on a harombe without one). */
  addDiscovered: async (server: DiscoveredServer): Promise<void> => {
    await api().call('cluster.nodes.add', {
      input: { name: server.name, host: server.host, port: server.port, kind: server.kind, model: server.model, tier: server.suggested_tier, save: true },
    });
  },
  remove: async (name: string, save: boolean): Promise<void> => {
    await api().call('cluster.nodes.remove', { params: { name }, query: { save } });
  },
  setDrain: async (name: string, drain: boolean): Promise<void> => {
    await api().call('cluster.nodes.drain', { params: { name }, input: { drain, save: true } });
  },
};
