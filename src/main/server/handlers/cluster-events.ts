// GET /cluster/events: a snapshot of every node and the last routes, then the cluster's events as they happen, until
// the client leaves.
import type { ClusterEvent, ClusterStreamEvent } from '../../../shared';
import type { ClusterService } from '../services';

export interface ClusterEventStreamOptions {
  /** Events held for a slow client; beyond this it gets a fresh snapshot instead of the backlog. Default 1,000. */
  maxQueued?: number;
  now?: () => number;
}

export async function* clusterEventStream(
  cluster: Pick<ClusterService, 'nodes' | 'onEvent' | 'recentRoutes'>,
  signal: AbortSignal,
  options: ClusterEventStreamOptions = {},
): AsyncGenerator<ClusterStreamEvent, void, undefined> {
  const maxQueued = options.maxQueued ?? 1000;
  const now = options.now ?? Date.now;
  const snapshot = (): ClusterStreamEvent => ({
    type: 'snapshot',
    at: new Date(now()).toISOString(),
    nodes: cluster.nodes(),
    routes: cluster.recentRoutes(),
  });
  let queue: ClusterStreamEvent[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  // Subscribed before the snapshot is taken, so that nothing that happens in between is missed.
  const subscription = cluster.onEvent((event: ClusterEvent) => {
    if (queue.length >= maxQueued) queue = [snapshot()];
    else queue.push(event);
    notify();
  });
  signal.addEventListener('abort', notify, { once: true });
  try {
    yield snapshot();
    while (!signal.aborted) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const batch = queue;
      queue = [];
      for (const event of batch) yield event;
    }
  } finally {
    subscription.dispose();
    signal.removeEventListener('abort', notify);
  }
}
