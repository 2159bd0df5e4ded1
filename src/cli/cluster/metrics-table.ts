// `harombe cluster metrics` as a table: requests, success rate, latency, tokens per node, and the cluster's totals.
import type { MetricsResponse } from '../../shared';
import { formatClockTime, formatCount, formatDuration } from '../../shared/format';
import type { TerminalStyle } from '../chat/terminal-style';

const HEADER = ['NODE', 'TIER', 'HEALTHY', 'REQUESTS', 'OK', 'FAILED', 'SUCCESS', 'AVG LATENCY', 'TOKENS', 'TOKENS/S', 'LAST REQUEST'];

function percent(rate: number, requests: number): string {
  return requests === 0 ? '-' : `${Math.round(rate * 1000) / 10}%`;
}

function lastRequest(iso: string | null): string {
  if (iso === null) return '-';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formatClockTime(time);
}

/** The table: header first, then a row per node, and a TOTAL row for the whole cluster unless `total` is false. */
export function renderClusterMetrics(metrics: MetricsResponse, style: TerminalStyle, options: { total?: boolean } = {}): string[] {
  const rows = metrics.nodes.map((node) => [
    node.name,
    node.tier === undefined ? '-' : String(node.tier),
    node.healthy === undefined ? '?' : node.healthy ? 'yes' : 'no',
    formatCount(node.total_requests),
    formatCount(node.successful_requests),
    formatCount(node.failed_requests),
    percent(node.success_rate, node.successful_requests + node.failed_requests),
    node.successful_requests === 0 ? '-' : formatDuration(node.average_latency_ms),
    formatCount(node.total_tokens),
    node.tokens_per_second === 0 ? '-' : String(node.tokens_per_second),
    lastRequest(node.last_request_time),
  ]);
  const summary = metrics.cluster_summary;
  const finished = metrics.nodes.reduce((sum, node) => sum + node.successful_requests + node.failed_requests, 0);
  const total = [
    'TOTAL',
    '',
    `${summary.healthy_nodes}/${summary.total_nodes}`,
    formatCount(summary.total_requests),
    formatCount(metrics.nodes.reduce((sum, node) => sum + node.successful_requests, 0)),
    formatCount(metrics.nodes.reduce((sum, node) => sum + node.failed_requests, 0)),
    percent(summary.average_success_rate, finished),
    summary.average_latency_ms === 0 ? '-' : formatDuration(summary.average_latency_ms),
    formatCount(summary.total_tokens),
    summary.tokens_per_second === 0 ? '-' : String(summary.tokens_per_second),
    '',
  ];
  const all = [HEADER, ...rows, total];
  const widths = HEADER.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  // Names and words left, numbers right, as a person reads columns of figures.
  const leftAligned = new Set([0, 2, 10]);
  const format = (row: string[]) =>
    row
      .map((cell, column) => (leftAligned.has(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  const lines = [`  ${style.bold(format(HEADER))}`];
  rows.forEach((row, index) => {
    const line = `  ${format(row)}`;
    lines.push(metrics.nodes[index]!.healthy === false ? style.red(line) : line);
  });
  if (options.total !== false) lines.push(`  ${style.dim(format(total))}`);
  return lines;
}
