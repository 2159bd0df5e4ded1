// The cluster dashboard screen: summary, nodes by tier, routing — live from GET /cluster/events.
import { Plus } from 'lucide-react';
import { useMemo, useState } from 'react';
import { clusterActions, useLocalHealth, useMetrics } from '../api/cluster-queries';
import { useClusterLive } from '../api/use-cluster-live';
import { nodesByTier } from '../model/cluster-state';
import { tierLabel } from '../model/format';
import { AddNodeForm } from './add-node-form';
import { ClusterSummary } from './cluster-summary';
import { DiscoverServers } from './discover-servers';
import { LocalNodePanel } from './local-node-panel';
import { NodeCard, type NodeActions } from './node-card';
import { RoutingPanel } from './routing-panel';
import './cluster.css';

const nodeActions: NodeActions = { remove: clusterActions.remove, setDrain: clusterActions.setDrain, test: clusterActions.testOne };

export function ClusterDashboardScreen() {
  const { mode, state, streamError, recheck } = useClusterLive();
  const metrics = useMetrics(mode === 'cluster');
  const health = useLocalHealth(mode === 'none');
  const [adding, setAdding] = useState(false);
  const tiers = useMemo(() => nodesByTier(state.nodes), [state.nodes]);
  const drained = useMemo(() => [...state.nodes.values()].filter((node) => node.drain).length, [state.nodes]);

  return (
    <main className="cluster-dashboard" aria-labelledby="cluster-dashboard-title">
      <header className="cluster-header">
        <h1 id="cluster-dashboard-title">Cluster</h1>
        {mode === 'cluster' ? (
          <>
            <span className={`cluster-live ${state.live ? 'cluster-live-on' : ''}`}>{state.live ? 'Live' : 'Reconnecting…'}</span>
            <button type="button" className="button button-primary" onClick={() => setAdding(true)} disabled={adding}>
              <Plus size={16} aria-hidden /> Add a node
            </button>
          </>
        ) : null}
      </header>
      {streamError ? (
        <p className="cluster-notice" role="status">
          {streamError}
        </p>
      ) : null}
      {mode === 'checking' ? <p className="cluster-empty">Connecting to the cluster…</p> : null}
      {mode === 'none' ? (
        <LocalNodePanel
          health={health.data}
          finder={<DiscoverServers discover={clusterActions.discover} add={clusterActions.addDiscovered} onAdded={recheck} />}
        />
      ) : null}
      {mode === 'cluster' ? (
        <>
          <ClusterSummary summary={metrics.data?.cluster_summary} drained={drained} />
          {adding ? (
            <>
              <DiscoverServers discover={clusterActions.discover} add={clusterActions.addDiscovered} />
              <AddNodeForm test={clusterActions.testNode} add={clusterActions.add} onDone={() => setAdding(false)} />
            </>
          ) : null}
          {tiers.map((nodes, tier) => (
            <section key={tier} className="cluster-tier" aria-labelledby={`tier-${tier}-title`}>
              <h2 id={`tier-${tier}-title`}>
                {tierLabel(tier)} <span className="cluster-tier-count">({nodes.length})</span>
              </h2>
              {nodes.length === 0 ? (
                <p className="cluster-empty">No node in this tier. With fallback_strategy: graceful its requests go to the nearest tier that has one.</p>
              ) : (
                <div className="node-grid">
                  {nodes.map((node) => (
                    <NodeCard key={node.name} status={node} actions={nodeActions} />
                  ))}
                </div>
              )}
            </section>
          ))}
          <RoutingPanel routes={state.routes} tryRouting={clusterActions.tryRouting} />
        </>
      ) : null}
    </main>
  );
}
