// The cluster at a glance, from GET /metrics (the same numbers scripts scrape): healthy nodes, requests, success, speed.
import type { ClusterSummary as Summary } from '../../../../../shared/api-schemas';
import { formatRate, formatTokensPerSecond } from '../model/format';

export function ClusterSummary({ summary }: { summary: Summary | undefined }) {
  const value = (text: string | number) => (summary ? text : '—');
  return (
    <dl className="cluster-summary" aria-label="Cluster summary">
      <div>
        <dt>Nodes healthy</dt>
        <dd>{summary ? `${summary.healthy_nodes} / ${summary.total_nodes}` : '—'}</dd>
      </div>
      <div>
        <dt>Requests</dt>
        <dd>{value(summary?.total_requests.toLocaleString() ?? '')}</dd>
      </div>
      <div>
        <dt>Success rate</dt>
        <dd>{summary && summary.total_requests > 0 ? formatRate(summary.average_success_rate) : '—'}</dd>
      </div>
      <div>
        <dt>Speed</dt>
        <dd>{value(formatTokensPerSecond(summary?.tokens_per_second))}</dd>
      </div>
    </dl>
  );
}
