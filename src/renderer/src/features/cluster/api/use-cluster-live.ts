// The live cluster: GET /cluster/events (a snapshot, then events) folded by the reducer, read again after a drop, and
// GET /cluster/nodes now and then for what moves without an event (latency, last check, in-flight).
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useReducer, useState } from 'react';
import { ApiRequestError } from '../../../../../shared/api-client';
import { api } from '../../../lib/api';
import { clusterReducer, initialClusterState, type ClusterState } from '../model/cluster-state';

/** Whether this harombe coordinates a cluster: `checking` until the stream answers, `none` on 404 no_cluster. */
export type ClusterMode = 'checking' | 'cluster' | 'none';

export interface ClusterLive {
  mode: ClusterMode;
  state: ClusterState;
  /** Why the stream is down (it retries by itself), for a notice. */
  streamError: string | undefined;
  /** Asks again whether there is a cluster (after the first node was added to a harombe without one). */
  recheck(): void;
}

const RETRY_MS = [1000, 2000, 5000] as const;
const POLL_MS = 5000;

export function useClusterLive(): ClusterLive {
  const [state, dispatch] = useReducer(clusterReducer, initialClusterState);
  const [mode, setMode] = useState<ClusterMode>('checking');
  const [streamError, setStreamError] = useState<string>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        for await (const event of api().stream('cluster.events', { signal: controller.signal })) {
          if (event.type === 'snapshot') {
            failures = 0;
            setMode('cluster');
            setStreamError(undefined);
          }
          dispatch({ type: 'event', event, receivedAt: Date.now() });
        }
        if (controller.signal.aborted) return;
        setStreamError('The server closed the cluster stream; reconnecting…');
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiRequestError && error.code === 'no_cluster') {
          setMode('none');
          return;
        }
        setStreamError(`Lost the live cluster stream (${error instanceof Error ? error.message : String(error)}); reconnecting…`);
      }
      dispatch({ type: 'disconnected' });
      timer = setTimeout(() => void run(), RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
    };
    void run();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [attempt]);

  const nodes = useQuery({
    queryKey: ['cluster', 'nodes'],
    queryFn: async ({ signal }) => {
      const sentAt = Date.now();
      return { ...(await api().call('cluster.nodes.list', { signal })), sentAt };
    },
    enabled: mode === 'cluster',
    refetchInterval: POLL_MS,
  });
  useEffect(() => {
    if (nodes.data) dispatch({ type: 'nodes', nodes: nodes.data.nodes, sentAt: nodes.data.sentAt });
  }, [nodes.data]);

  const recheck = useCallback(() => {
    setMode('checking');
    setAttempt((count) => count + 1);
  }, []);

  return { mode, state, streamError, recheck };
}
