import { describe, expect, it } from 'vitest';
import type { MetricsResponse } from '../../shared';
import { formatClockTime } from '../../shared/format';
import { createTerminalStyle } from '../chat/terminal-style';
import { renderClusterMetrics } from './metrics-table';

const plain = createTerminalStyle(false);
const last = new Date(2026, 10, 26, 14, 2, 10);

const metrics: MetricsResponse = {
  nodes: [
    { name: 'server', tier: 2, healthy: true, total_requests: 12, successful_requests: 11, failed_requests: 1, success_rate: 0.9167, average_latency_ms: 4210.5, total_tokens: 5320, tokens_per_second: 31.4, last_request_time: last.toISOString() },
    { name: 'spare', tier: 1, healthy: false, total_requests: 0, successful_requests: 0, failed_requests: 0, success_rate: 0, average_latency_ms: 0, total_tokens: 0, tokens_per_second: 0, last_request_time: null },
  ],
  cluster_summary: { total_nodes: 2, healthy_nodes: 1, total_requests: 12, average_success_rate: 0.9167, average_latency_ms: 4210.5, total_tokens: 5320, tokens_per_second: 31.4 },
};

describe('renderClusterMetrics', () => {
  it('a row per node, numbers right-aligned, "-" where nothing was measured, and the totals', () => {
    expect(renderClusterMetrics(metrics, plain)).toEqual([
      '  NODE    TIER  HEALTHY  REQUESTS  OK  FAILED  SUCCESS  AVG LATENCY  TOKENS  TOKENS/S  LAST REQUEST',
      `  server     2  yes            12  11       1    91.7%        4.2 s   5,320      31.4  ${formatClockTime(last.getTime())}`,
      '  spare      1  no              0   0       0        -            -       0         -  -',
      '  TOTAL         1/2            12  11       1    91.7%        4.2 s   5,320      31.4',
    ]);
  });

  it('leaves the totals out when asked (one node shown)', () => {
    const lines = renderClusterMetrics({ ...metrics, nodes: [metrics.nodes[0]!] }, plain, { total: false });
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain('TOTAL');
  });
});
