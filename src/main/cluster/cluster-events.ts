// The cluster's event stream (GET /cluster/events): nodes added and removed, health and circuit changes, routing, failover.
import type { ClusterEvent, ClusterEventType } from '../../shared';
import { Emitter, type Disposable } from './emitter';
import type { HealthMonitor } from './health-monitor';
import type { NodeRegistry } from './node-registry';
import { systemClock } from './timers';

export type ClusterEventOf<T extends ClusterEventType> = Extract<ClusterEvent, { type: T }>;

/** Events without their time: emit() stamps `at`. */
export type ClusterEventInput = ClusterEvent extends infer Event ? (Event extends ClusterEvent ? Omit<Event, 'at'> : never) : never;

export class ClusterEvents {
  private readonly emitter = new Emitter<ClusterEvent>();

  constructor(private readonly now: () => number = systemClock) {}

  /** Every event, in order. */
  readonly onEvent = this.emitter.event;

  /** Events of one type. */
  on<T extends ClusterEventType>(type: T, listener: (event: ClusterEventOf<T>) => void): Disposable {
    return this.emitter.event((event) => {
      if (event.type === type) listener(event as ClusterEventOf<T>);
    });
  }

  emit(event: ClusterEventInput): void {
    if (!this.emitter.hasListeners) return;
    this.emitter.fire({ ...event, at: new Date(this.now()).toISOString() } as ClusterEvent);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Turns the registry's, breakers' and health monitor's changes into cluster events; dispose() to stop. */
export function connectClusterEvents(events: ClusterEvents, registry: NodeRegistry, health?: HealthMonitor): Disposable {
  const subscriptions: Disposable[] = [
    registry.onDidChange((change) => {
      if (change.type === 'removed' || change.type === 'replaced') {
        const gone = change.type === 'removed' ? change.node : change.previous;
        events.emit({ type: 'node_removed', name: gone.name, source: gone.source });
      }
      if (change.type === 'added' || change.type === 'replaced') events.emit({ type: 'node_added', node: change.node.status() });
    }),
    registry.onDidChangeCircuit((change) =>
      events.emit({ type: 'circuit', name: change.node, previous: change.previous, circuit: change.status }),
    ),
  ];
  if (health) {
    subscriptions.push(
      health.onDidChangeHealth((change) =>
        events.emit({ type: 'node_health', name: change.node, previous: change.previous.status, health: change.health }),
      ),
    );
  }
  return { dispose: () => subscriptions.forEach((subscription) => subscription.dispose()) };
}
