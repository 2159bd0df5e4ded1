// GET /metrics: the seed's JSON, or Prometheus text when asked (?format=prometheus, or Accept: text/plain).
import type { MetricsResponse } from '../../../shared';
import { TextBody } from '../implement';
import type { MetricsProvider, ServerServices } from '../services';

const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function emptyMetrics(): MetricsResponse {
  return {
    nodes: [],
    cluster_summary: {
      total_nodes: 0,
      healthy_nodes: 0,
      total_requests: 0,
      average_success_rate: 0,
      average_latency_ms: 0,
      total_tokens: 0,
      tokens_per_second: 0,
    },
  };
}

/** Prometheus scrapers send `Accept: text/plain;version=0.0.4` (or OpenMetrics first, then text/plain). */
export function wantsPrometheus(format: string | undefined, accept: string | undefined): boolean {
  if (format !== undefined) return format === 'prometheus';
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  const text = types.findIndex((type) => type === 'text/plain' || type === 'application/openmetrics-text');
  const json = types.findIndex((type) => type === 'application/json');
  return text !== -1 && (json === -1 || text < json);
}

function provider(services: ServerServices): MetricsProvider | undefined {
  return services.metrics ?? services.cluster?.()?.metrics;
}

export async function getMetrics(services: ServerServices, format: string | undefined, accept: string | undefined): Promise<MetricsResponse | TextBody> {
  const metrics = provider(services);
  if (!wantsPrometheus(format, accept)) return metrics?.snapshot() ?? emptyMetrics();
  // Without a cluster there is nothing to expose; an empty exposition is what a scraper expects then.
  if (!metrics?.toPrometheus) return new TextBody('', PROMETHEUS_CONTENT_TYPE);
  return new TextBody(await metrics.toPrometheus(), metrics.prometheusContentType ?? PROMETHEUS_CONTENT_TYPE);
}
