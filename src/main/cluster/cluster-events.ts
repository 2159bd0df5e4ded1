// The cluster's event stream (GET /cluster/events): nodes added and removed, health and circuit changes, routing, failover.
import type { ClusterEvent, ClusterEventType, NodeStatus, RouteDecisionEvent } from '../../shared';
import { DisposableStore, Emitter, type Disposable } from '../base';
import type { ClusterNode } from './cluster-node';
import type { HealthMonitor } from './health-monitor';
import type { NodeRegistry } from './node-registry';
import { systemClock } from './timers';

export type ClusterEventOf<T extends ClusterEventType> = Extract<ClusterEvent, { type: T }>;

/** Events without their time: emit() stamps `at`. A route event without its excerpt gets an empty one. */
export type ClusterEventInput = ClusterEvent extends infer Event
  ? Event extends RouteDecisionEvent
    ? Omit<Event, 'at' | 'excerpt'> & { excerpt?: string }
    : Event extends ClusterEvent
      ? Omit<Event, 'at'>
      : never
  : never;

/** Routing decisions kept for a client that connects later (the /cluster/events snapshot). */
export const RECENT_ROUTES = 50;

export class ClusterEvents {
  private readonly emitter = new Emitter<ClusterEvent>();
  /** The last RECENT_ROUTES route events, oldest first: a ring, so a busy cluster holds no more than these. */
  private readonly routes: (RouteDecisionEvent | undefined)[] = new Array<RouteDecisionEvent | undefined>(RECENT_ROUTES);
  private nextRoute = 0;

  constructor(private readonly now: () => number = systemClock) {}

  /** The last routing decisions (at most 50), oldest first. */
  recentRoutes(): RouteDecisionEvent[] {
    const ordered = [...this.routes.slice(this.nextRoute), ...this.routes.slice(0, this.nextRoute)];
    return ordered.filter((route): route is RouteDecisionEvent => route !== undefined);
  }

  /** Every event, in order. */
  readonly onEvent = this.emitter.event;

  /** Events of one type. */
  on<T extends ClusterEventType>(type: T, listener: (event: ClusterEventOf<T>) => void): Disposable {
    return this.emitter.event((event) => {
      if (event.type === type) listener(event as ClusterEventOf<T>);
    });
  }

  emit(event: ClusterEventInput): void {
    const isRoute = event.type === 'route';
    if (!isRoute && !this.emitter.hasListeners) return;
    const stamped = { ...event, at: new Date(this.now()).toISOString() } as ClusterEvent;
    if (stamped.type === 'route') {
      stamped.excerpt ??= '';
      this.routes[this.nextRoute] = stamped;
      this.nextRoute = (this.nextRoute + 1) % RECENT_ROUTES;
    }
    if (this.emitter.hasListeners) this.emitter.fire(stamped);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/**
 * Turns the registry's, breakers' and health monitor's changes into cluster events; dispose() to stop. `statusOf`
 * gives a node's status as the API shows it (with its request metrics); default: the node's own.
 */
export function connectClusterEvents(
  events: ClusterEvents,
  registry: NodeRegistry,
  health?: HealthMonitor,
  statusOf: (node: ClusterNode) => NodeStatus = (node) => node.status(),
): Disposable {
  const subscriptions = new DisposableStore();
  subscriptions.add(
    registry.onDidChange((change) => {
      if (change.type === 'removed' || change.type === 'replaced') {
        const gone = change.type === 'removed' ? change.node : change.previous;
        events.emit({ type: 'node_removed', name: gone.name, source: gone.source });
      }
      if (change.type === 'added' || change.type === 'replaced') events.emit({ type: 'node_added', node: statusOf(change.node) });
    }),
  );
  subscriptions.add(
    registry.onDidChangeCircuit((change) =>
      events.emit({ type: 'circuit', name: change.node, previous: change.previous, circuit: change.status }),
    ),
  );
  subscriptions.add(
    registry.onDidChangeDrain((change) =>
      events.emit({ type: 'node_drain', name: change.node.name, drain: change.drain, node: statusOf(change.node) }),
    ),
  );
  if (health) {
    subscriptions.add(
      health.onDidChangeHealth((change) =>
        events.emit({ type: 'node_health', name: change.node, previous: change.previous.status, health: change.health }),
      ),
    );
    subscriptions.add(health.onDidCheck((change) => events.emit({ type: 'node_check', name: change.node, health: change.health })));
  }
  return subscriptions;
}
