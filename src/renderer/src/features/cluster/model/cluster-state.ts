// The dashboard's live cluster state: the stream's snapshot and events folded by one pure reducer, every list bounded
// (the nodes there are now, the last 50 routing decisions; each node's recent checks are the server's, at most 30).
import type { ClusterStreamEvent } from '../../../../../shared/api-schemas';
import type { NodeStatus, RouteDecisionEvent } from '../../../../../shared/cluster-schema';

/** Routing decisions kept (the dashboard shows the last 50). */
export const ROUTE_DECISIONS = 50;

export interface RouteEntry {
  /** Unique within this page's life: the list's React key. */
  id: number;
  at: string;
  /** Null when no node answered: every candidate failed. */
  node: string | null;
  tier: number;
  wantedTier: number;
  complexity: string;
  reason: string;
  failedOver: readonly string[];
  /** When no node answered: the last one's error. */
  error?: string;
  /** The start of the message routed. */
  excerpt: string;
}

export interface ClusterState {
  /** By name; a node that left is deleted, not marked. An unchanged node keeps its object, so its card is not redrawn. */
  nodes: ReadonlyMap<string, NodeStatus>;
  /** Newest first, at most ROUTE_DECISIONS. */
  routes: readonly RouteEntry[];
  /** A snapshot arrived and the stream has not dropped since. */
  live: boolean;
  nextRouteId: number;
  /**
   * When (this page's clock) the stream last said something about each node, and when its last snapshot came: a
   * read of GET /cluster/nodes sent before that is older than what the page shows, and must not undo it (a node
   * shown unavailable flicking back to available for one poll). Entries older than the last read are dropped.
   */
  heardAt: ReadonlyMap<string, number>;
  snapshotAt: number;
}

export type ClusterAction =
  /** `receivedAt`: this page's clock when the event arrived. */
  | { type: 'event'; event: ClusterStreamEvent; receivedAt: number }
  /** A read of every node (GET /cluster/nodes) sent at `sentAt`: in-flight counts and speeds move without events. */
  | { type: 'nodes'; nodes: readonly NodeStatus[]; sentAt: number }
  | { type: 'disconnected' };

export const initialClusterState: ClusterState = { nodes: new Map(), routes: [], live: false, nextRouteId: 1, heardAt: new Map(), snapshotAt: 0 };

function sameStatus(a: NodeStatus, b: NodeStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function setNode(state: ClusterState, status: NodeStatus): ClusterState {
  const previous = state.nodes.get(status.name);
  if (previous && sameStatus(previous, status)) return state;
  const nodes = new Map(state.nodes);
  nodes.set(status.name, status);
  return { ...state, nodes };
}

function updateNode(state: ClusterState, name: string, change: (status: NodeStatus) => NodeStatus): ClusterState {
  const status = state.nodes.get(name);
  return status ? setNode(state, change(status)) : state;
}

/** A read sent at `sentAt`, merged: each node the stream spoke of since keeps what the stream said (there or gone). */
function mergeRead(state: ClusterState, statuses: readonly NodeStatus[], sentAt: number): ClusterState {
  if (sentAt < state.snapshotAt) return state;
  const read = new Map(statuses.map((status) => [status.name, status]));
  const nodes = new Map<string, NodeStatus>();
  const heardAt = new Map<string, number>();
  for (const name of new Set([...state.nodes.keys(), ...read.keys()])) {
    const heard = state.heardAt.get(name);
    const newer = heard !== undefined && heard >= sentAt;
    if (newer) heardAt.set(name, heard);
    const status = newer ? state.nodes.get(name) : read.get(name);
    if (!status) continue;
    const previous = state.nodes.get(name);
    nodes.set(name, previous && sameStatus(previous, status) ? previous : status);
  }
  return { ...state, nodes, heardAt };
}

/** Nodes as a read of the whole cluster says: those absent have left; those unchanged keep their object. */
function replaceNodes(state: ClusterState, statuses: readonly NodeStatus[]): Map<string, NodeStatus> {
  const nodes = new Map<string, NodeStatus>();
  for (const status of statuses) {
    const previous = state.nodes.get(status.name);
    nodes.set(status.name, previous && sameStatus(previous, status) ? previous : status);
  }
  return nodes;
}

function routeEntry(event: RouteDecisionEvent, id: number): RouteEntry {
  return {
    id,
    at: event.at,
    node: event.node,
    tier: event.tier,
    wantedTier: event.wanted_tier,
    complexity: event.complexity,
    reason: event.reason,
    failedOver: event.failed_over,
    ...(event.error === undefined ? {} : { error: event.error }),
    excerpt: event.excerpt,
  };
}

function heard(state: ClusterState, name: string, at: number): ClusterState {
  const heardAt = new Map(state.heardAt);
  heardAt.set(name, at);
  return { ...state, heardAt };
}

export function clusterReducer(state: ClusterState, action: ClusterAction): ClusterState {
  if (action.type === 'disconnected') return state.live ? { ...state, live: false } : state;
  if (action.type === 'nodes') return mergeRead(state, action.nodes, action.sentAt);
  const { event, receivedAt } = action;
  const next = applyEvent(state, event);
  if (event.type === 'snapshot') return { ...next, snapshotAt: receivedAt, heardAt: new Map() };
  // Nothing changed (the same check read twice, a node never seen): nothing for a later read to respect.
  if (next === state && event.type !== 'node_removed') return state;
  const name = event.type === 'node_added' ? event.node.name : 'name' in event ? event.name : undefined;
  return name === undefined ? next : heard(next, name, receivedAt);
}

function applyEvent(state: ClusterState, event: ClusterStreamEvent): ClusterState {
  switch (event.type) {
    case 'snapshot': {
      // The server's own ring of recent decisions replaces ours: after a reconnect nothing is listed twice.
      const recent = event.routes.slice(-ROUTE_DECISIONS).reverse();
      const routes = recent.map((route, index) => routeEntry(route, state.nextRouteId + index));
      return { ...state, nodes: replaceNodes(state, event.nodes), routes, live: true, nextRouteId: state.nextRouteId + recent.length };
    }
    case 'node_added':
    case 'node_drain':
      return setNode(state, event.node);
    case 'node_removed': {
      if (!state.nodes.has(event.name)) return state;
      const nodes = new Map(state.nodes);
      nodes.delete(event.name);
      return { ...state, nodes };
    }
    case 'node_health':
    case 'node_check':
      return updateNode(state, event.name, (status) => ({ ...status, health: event.health }));
    case 'circuit':
      return updateNode(state, event.name, (status) => ({ ...status, circuit: event.circuit }));
    case 'route': {
      const entry = routeEntry(event, state.nextRouteId);
      return { ...state, routes: [entry, ...state.routes.slice(0, ROUTE_DECISIONS - 1)], nextRouteId: state.nextRouteId + 1 };
    }
    case 'failover':
      // The route decision that follows names the nodes tried; nothing to keep here.
      return state;
  }
}

/** Nodes by tier (0 fast, 1 balanced, 2 powerful), each tier sorted by name. */
export function nodesByTier(nodes: ReadonlyMap<string, NodeStatus>): NodeStatus[][] {
  const tiers: NodeStatus[][] = [[], [], []];
  for (const status of nodes.values()) tiers[status.tier]?.push(status);
  for (const tier of tiers) tier.sort((a, b) => a.name.localeCompare(b.name));
  return tiers;
}
