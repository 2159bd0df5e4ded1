// The live cluster reducer: a snapshot, then events; nodes that leave are gone; decisions are bounded to the last 50.
import { describe, expect, it } from 'vitest';
import type { ClusterStreamEvent } from '../../../../../shared/api-schemas';
import type { RouteDecisionEvent } from '../../../../../shared/cluster-schema';
import { nodeStatus } from '../testing/node-status';
import { clusterReducer, initialClusterState, nodesByTier, ROUTE_DECISIONS, type ClusterState } from './cluster-state';

const at = '2026-12-02T06:00:00.000Z';

function route(n: number, node = 'gpu'): RouteDecisionEvent {
  return { type: 'route', at, node, tier: 1, wanted_tier: 1, complexity: 'medium', reason: 'medium: 27 chars', failed_over: [], excerpt: `message ${n}` };
}

/** Events arrive at 1000, 1001, … on the page's clock. */
let clock = 1000;
function fold(events: ClusterStreamEvent[], state: ClusterState = initialClusterState): ClusterState {
  return events.reduce((current, event) => clusterReducer(current, { type: 'event', event, receivedAt: clock++ }), state);
}

const snapshot = (nodes = [nodeStatus({ name: 'gpu' }), nodeStatus({ name: 'laptop', tier: 0 })], routes: RouteDecisionEvent[] = []): ClusterStreamEvent => ({
  type: 'snapshot',
  at,
  nodes,
  routes,
});

describe('clusterReducer', () => {
  it('a snapshot lists every node and makes the view live', () => {
    const state = fold([snapshot()]);
    expect([...state.nodes.keys()].sort()).toEqual(['gpu', 'laptop']);
    expect(state.live).toBe(true);
  });

  it('health and circuit events change that node alone; the other keeps its object (its card is not redrawn)', () => {
    const before = fold([snapshot()]);
    const after = fold(
      [
        { type: 'node_health', at, name: 'gpu', previous: 'available', health: { ...nodeStatus().health, status: 'unavailable', reason: 'Cannot reach http://192.168.1.50:8000 (ECONNREFUSED)' } },
        { type: 'circuit', at, name: 'gpu', previous: 'closed', circuit: { state: 'open', open_until: '2026-12-02T06:00:30.000Z', consecutive_failures: 3, last_failure: 'ECONNREFUSED' } },
      ],
      before,
    );
    expect(after.nodes.get('gpu')?.health.status).toBe('unavailable');
    expect(after.nodes.get('gpu')?.circuit).toMatchObject({ state: 'open', consecutive_failures: 3 });
    expect(after.nodes.get('laptop')).toBe(before.nodes.get('laptop'));
  });

  it('a check moves latency and the sparkline; the same status read again changes nothing', () => {
    const before = fold([snapshot()]);
    const checked = fold([{ type: 'node_check', at, name: 'gpu', health: { ...nodeStatus().health, latency_ms: 55, recent_latencies_ms: [40, 70] } }], before);
    expect(checked.nodes.get('gpu')?.health.recent_latencies_ms).toEqual([40, 70]);
    const again = clusterReducer(checked, { type: 'nodes', nodes: [...checked.nodes.values()].map((node) => structuredClone(node)), sentAt: clock++ });
    expect(again.nodes.get('gpu')).toBe(checked.nodes.get('gpu'));
  });

  it('a node that leaves (removed, or gone from the next read) leaves the view', () => {
    const removed = fold([snapshot(), { type: 'node_removed', at, name: 'laptop', source: 'mdns' }]);
    expect([...removed.nodes.keys()]).toEqual(['gpu']);
    const reread = clusterReducer(fold([snapshot()]), { type: 'nodes', nodes: [nodeStatus({ name: 'laptop', tier: 0 })], sentAt: clock++ });
    expect([...reread.nodes.keys()]).toEqual(['laptop']);
  });

  it('a read sent before an event does not undo it (no flicker back), a later read wins, and in-flight counts move', () => {
    const sentAt = clock++;
    const down = fold([
      snapshot(),
      { type: 'node_health', at, name: 'gpu', previous: 'available', health: { ...nodeStatus().health, status: 'unavailable', reason: 'ECONNREFUSED' } },
      { type: 'node_removed', at, name: 'laptop', source: 'runtime' },
    ]);
    // The read left before the snapshot: ignored whole.
    expect(clusterReducer(down, { type: 'nodes', nodes: [nodeStatus({ in_flight: 3 })], sentAt: 0 })).toBe(down);
    // Sent after the snapshot but before the events: gpu stays unavailable, laptop stays gone.
    const stale = clusterReducer(down, { type: 'nodes', nodes: [nodeStatus({ name: 'gpu' }), nodeStatus({ name: 'laptop', tier: 0 })], sentAt: down.snapshotAt + 0.5 });
    expect(stale.nodes.get('gpu')?.health.status).toBe('unavailable');
    expect(stale.nodes.has('laptop')).toBe(false);
    expect(sentAt).toBeLessThan(clock);
    // A read sent afterwards is the truth, and the record of what was heard is let go.
    const fresh = clusterReducer(stale, { type: 'nodes', nodes: [nodeStatus({ name: 'gpu', in_flight: 3 })], sentAt: clock++ });
    expect(fresh.nodes.get('gpu')?.in_flight).toBe(3);
    expect(fresh.heardAt.size).toBe(0);
  });

  it('added and drained nodes take the status the event carries', () => {
    const state = fold([snapshot(), { type: 'node_added', at, node: nodeStatus({ name: 'big', tier: 2 }) }, { type: 'node_drain', at, name: 'gpu', drain: true, node: nodeStatus({ drain: true }) }]);
    expect(state.nodes.get('big')?.tier).toBe(2);
    expect(state.nodes.get('gpu')?.drain).toBe(true);
  });

  it('keeps the last 50 routing decisions, newest first, however many arrive', () => {
    const events = Array.from({ length: 500 }, (_, index) => route(index));
    const state = fold([snapshot(), ...events]);
    expect(state.routes).toHaveLength(ROUTE_DECISIONS);
    expect(state.routes[0]?.excerpt).toBe('message 499');
    expect(state.routes.at(-1)?.excerpt).toBe('message 450');
    expect(new Set(state.routes.map((entry) => entry.id)).size).toBe(ROUTE_DECISIONS);
  });

  it("a reconnect's snapshot replaces the decisions with the server's ring, listing none twice", () => {
    const first = fold([snapshot(undefined, [route(1), route(2)]), route(3)]);
    expect(first.routes.map((entry) => entry.excerpt)).toEqual(['message 3', 'message 2', 'message 1']);
    const dropped = clusterReducer(first, { type: 'disconnected' });
    expect(dropped.live).toBe(false);
    const again = fold([snapshot(undefined, [route(1), route(2), route(3), route(4)])], dropped);
    expect(again.routes.map((entry) => entry.excerpt)).toEqual(['message 4', 'message 3', 'message 2', 'message 1']);
    expect(again.live).toBe(true);
  });

  it('events for a node it does not know are ignored', () => {
    const state = fold([snapshot()]);
    expect(fold([{ type: 'circuit', at, name: 'ghost', previous: 'closed', circuit: nodeStatus().circuit }], state)).toBe(state);
  });
});

describe('nodesByTier', () => {
  it('groups nodes into tiers 0, 1, 2, each by name', () => {
    const nodes = new Map([nodeStatus({ name: 'b', tier: 2 }), nodeStatus({ name: 'a', tier: 2 }), nodeStatus({ name: 'c', tier: 0 })].map((node) => [node.name, node]));
    expect(nodesByTier(nodes).map((tier) => tier.map((node) => node.name))).toEqual([['c'], [], ['a', 'b']]);
  });
});
