// /cluster/nodes (list, add, remove, drain, test; saved to harombe.yaml when asked) and /cluster/route (a decision, not run).
import type {
  ClusterNodeAddRequest,
  ClusterNodeDrainRequest,
  ClusterNodeDrainResponse,
  ClusterNodeRemovedResponse,
  ClusterNodeTestRequest,
  ClusterNodeTestResponse,
  ClusterRouteRequest,
  ClusterRouteResponse,
  HarombeConfig,
  NodeConfig,
  NodeStatus,
} from '../../../shared';
import { clusterConfigSchema, nodeConfigSchema } from '../../../shared';
import { NodeRegistryError, RoutingError } from '../../cluster';
import { ApiError, describeFailure } from '../api-error';
import type { ClusterService, ConfigService, ServerServices } from '../services';

/** The /cluster/* answer of a node that coordinates nothing. */
export function noCluster(): ApiError {
  return new ApiError(404, 'no_cluster', 'This harombe does not coordinate a cluster', {
    hint: 'Add a cluster: section to harombe.yaml — `harombe cluster init` writes a commented one — and restart harombe.',
  });
}

export function requireCluster(services: ServerServices): ClusterService {
  const cluster = services.cluster?.();
  if (!cluster) throw noCluster();
  return cluster;
}

function unknownNode(name: string): ApiError {
  return new ApiError(404, 'node_not_found', `There is no node "${name}" in the cluster`, { hint: 'GET /cluster/nodes lists them.' });
}

/** Writes the config's cluster.nodes changed by `change`; a failure leaves file and config as they were. */
async function saveNodes(config: ConfigService, change: (nodes: NodeConfig[]) => NodeConfig[]): Promise<void> {
  const current = config.get();
  const cluster = current.cluster;
  if (!cluster) throw noCluster();
  const next: HarombeConfig = { ...current, cluster: { ...cluster, nodes: change(cluster.nodes) } };
  try {
    await config.update(next);
  } catch (error) {
    const failure = describeFailure(error);
    throw new ApiError(500, 'config_not_saved', `harombe.yaml was not changed: ${failure.message}`, {
      hint: failure.hint ?? `Check that ${config.path ?? 'the config file'} and its folder are writable.`,
    });
  }
}

export function listNodes(services: ServerServices): { nodes: NodeStatus[] } {
  return { nodes: requireCluster(services).nodes() };
}

export async function addNode(services: ServerServices, input: ClusterNodeAddRequest): Promise<NodeStatus> {
  const { save, ...requested } = input;
  const node = nodeConfigSchema.parse(requested);
  if (save && !services.cluster?.()) return addFirstNode(services, node);
  const cluster = requireCluster(services);
  // A saved node is a config node from the start, so that reloading the saved file finds it unchanged.
  let added;
  try {
    added = cluster.addNode(node, save ? 'config' : 'runtime');
  } catch (error) {
    if (!(error instanceof NodeRegistryError)) throw error;
    const duplicate = cluster.hasNode(node.name);
    throw new ApiError(duplicate ? 409 : 400, duplicate ? 'node_exists' : 'invalid_request', error.message, {
      hint: duplicate ? `Remove it first (DELETE /cluster/nodes/${encodeURIComponent(node.name)}) or pick another name.` : 'Fix the node and send it again.',
    });
  }
  if (save) {
    try {
      await saveNodes(services.config, (nodes) => [...nodes.filter((existing) => existing.name !== node.name), node]);
    } catch (error) {
      added.undo();
      throw error;
    }
  }
  return added.status();
}

/**
 * The first node of a harombe without a cluster (the dashboard's "add a machine" guide): a `cluster:` section with it
 * is written (the rest of the file and its comments kept), and the config change brings the cluster up with it.
 */
async function addFirstNode(services: ServerServices, node: NodeConfig): Promise<NodeStatus> {
  const current = services.config.get();
  try {
    await services.config.update({ ...current, cluster: clusterConfigSchema.parse({ nodes: [node] }) });
  } catch (error) {
    const failure = describeFailure(error);
    throw new ApiError(500, 'config_not_saved', `harombe.yaml was not changed: ${failure.message}`, {
      hint: failure.hint ?? `Check that ${services.config.path ?? 'the config file'} and its folder are writable.`,
    });
  }
  const status = services.cluster?.()?.nodes().find((added) => added.name === node.name);
  if (!status) {
    throw new ApiError(500, 'cluster_not_started', `harombe.yaml now has a cluster with ${node.name}, but this server did not start it`, {
      hint: 'Restart harombe to coordinate the cluster.',
    });
  }
  return status;
}

export async function removeNode(services: ServerServices, name: string, save: boolean): Promise<ClusterNodeRemovedResponse> {
  const cluster = requireCluster(services);
  const inConfig = (services.config.get().cluster?.nodes ?? []).some((node) => node.name === name);
  if (!cluster.hasNode(name) && !(save && inConfig)) throw unknownNode(name);
  if (save && inConfig) await saveNodes(services.config, (nodes) => nodes.filter((node) => node.name !== name));
  cluster.removeNode(name);
  return { name, removed: true, saved: save && inConfig };
}

/**
 * Drains a node or puts it back, at once; with save, also sets (or removes) `drain: true` on it in harombe.yaml so a
 * restart keeps it. A node not in harombe.yaml (added at run time, found by mDNS, the local one) is drained until restart.
 */
export async function drainNode(services: ServerServices, name: string, input: ClusterNodeDrainRequest): Promise<ClusterNodeDrainResponse> {
  const cluster = requireCluster(services);
  if (!cluster.hasNode(name)) throw unknownNode(name);
  const inConfig = (services.config.get().cluster?.nodes ?? []).some((node) => node.name === name);
  const save = (input.save ?? false) && inConfig;
  if (save) {
    // The file first: when it cannot be written, nothing changed.
    await saveNodes(services.config, (nodes) =>
      nodes.map((node) => {
        if (node.name !== name) return node;
        const { drain: _drain, ...rest } = node;
        return input.drain ? { ...rest, drain: true } : rest;
      }),
    );
  }
  const status = cluster.setDrain(name, input.drain);
  if (!status) throw unknownNode(name);
  return { node: status, saved: save };
}

/** `POST /cluster/nodes/test`: the `harombe cluster test` checks of a node definition; nothing is added. */
export async function testNodeDefinition(services: ServerServices, input: ClusterNodeTestRequest, signal?: AbortSignal): Promise<ClusterNodeTestResponse> {
  const cluster = requireCluster(services);
  const { save: _save, ...requested } = input;
  let result;
  try {
    result = await cluster.testDefinition(nodeConfigSchema.parse(requested), signal);
  } catch (error) {
    if (!(error instanceof NodeRegistryError)) throw error;
    throw new ApiError(400, 'invalid_request', error.message, { hint: 'Fix the node and test it again.' });
  }
  return { ...result, passed: passed(result.checks) };
}

/** `POST /cluster/nodes/:name/test`: a health check now, and the test's checks, of a node in the cluster. */
export async function testExistingNode(services: ServerServices, name: string, signal?: AbortSignal): Promise<ClusterNodeTestResponse> {
  const tested = await requireCluster(services).testExisting(name, signal);
  if (!tested) throw unknownNode(name);
  return { ...tested.result, passed: passed(tested.result.checks), status: tested.status };
}

function passed(checks: ClusterNodeTestResponse['checks']): boolean {
  return checks.every((check) => check.status !== 'fail');
}

export function routeMessage(services: ServerServices, input: ClusterRouteRequest): ClusterRouteResponse {
  const cluster = requireCluster(services);
  try {
    const decision = cluster.route({
      messages: [{ role: 'user', content: input.message }],
      ...(input.tier === undefined ? {} : { tier: input.tier }),
      ...(input.model === undefined ? {} : { model: input.model }),
    });
    return {
      node: decision.node,
      tier: decision.tier,
      wanted_tier: decision.wantedTier,
      complexity: decision.complexity,
      reason: decision.reason,
      candidates: [...decision.candidates],
      fallbacks: [...decision.fallbacks],
      estimated_tokens: decision.estimatedTokens,
    };
  } catch (error) {
    if (!(error instanceof RoutingError)) throw error;
    throw new ApiError(503, 'no_route', `No node can take this message: ${error.message}`, error.hint ? { hint: error.hint } : {});
  }
}
