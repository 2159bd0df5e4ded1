// The cluster at a glance, from GET /metrics (the same numbers scripts scrape): healthy nodes, requests, success, speed.
import type { ClusterSummary as Summary } from '../../../../../shared/api-schemas';
import { formatRate, formatTokensPerSecond } from '../model/format';

/** `drained`: nodes drained on purpose, which /metrics does not count as healthy (no turns go there). */
export function ClusterSummary({ summary, drained = 0 }: { summary: Summary | undefined; drained?: number }) {
  const value = (text: string | number) => (summary ? text : '—');
  return (
    <section aria-label="Cluster summary">
      <dl className="cluster-summary">
      <div>
        <dt>Nodes healthy</dt>
        <dd>
          {summary ? `${summary.healthy_nodes} / ${summary.total_nodes}` : '—'}
          {drained > 0 ? <span className="cluster-summary-note"> {drained} drained</span> : null}
        </dd>
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
    </section>
  );
}
