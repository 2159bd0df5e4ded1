// Cluster state as the API, the dashboard and the CLI see it: node status, health, circuit, metrics, and cluster events.
import { z } from 'zod';
import { complexitySchema } from './agent-events';
import { nodeKindSchema } from './config-schema';

const tierSchema = z.number().int().min(0).max(2);
/** An ISO 8601 time, `2026-11-26T14:02:10.000Z`. */
const timeSchema = z.string();

/** Where a node came from: harombe.yaml, added while running (API/CLI), found by mDNS, or this machine's own Ollama. */
export const nodeSourceSchema = z.enum(['config', 'runtime', 'mdns', 'local']);

/** `unknown` until the first check; `degraded` answers but slowly or after recent errors; `unavailable` is not routed to. */
export const nodeHealthStatusSchema = z.enum(['unknown', 'available', 'degraded', 'unavailable']);

export const nodeHealthSchema = z.object({
  status: nodeHealthStatusSchema,
  /** Why, in words: `answered in 40 ms`, `slow: 2.4 s on average (over 2 s)`, `Cannot reach http://… (ECONNREFUSED)`. */
  reason: z.string(),
  /** Smoothed (EWMA) time a health check takes; null before the first answer. */
  latency_ms: z.number().nonnegative().nullable(),
  last_check: timeSchema.nullable(),
  /** Health checks in a row that failed (after their retries). */
  consecutive_failures: z.number().int().nonnegative(),
  /** Whether the node serves the model the config says it does; null until known. */
  model_ok: z.boolean().nullable(),
  /** The models the node said it serves at the last check (at most 50). */
  served_models: z.array(z.string()),
  /**
   * What to do about it, in words a person can act on (`Run ``harombe start`` on 192.168.1.50 …`, `Run ``ollama pull
   * qwen2.5:14b`` on gpu.lan …`). null when the node is fine or no fix is known.
   */
  fix: z.string().nullable(),
  /** Each of the last checks' own time (not smoothed), oldest first, at most 30: for a sparkline. null: that check failed. */
  recent_latencies_ms: z.array(z.number().nonnegative().nullable()),
});

/** closed: requests flow; open: the node is skipped until `open_until`; half_open: a few probe requests decide. */
export const circuitStateSchema = z.enum(['closed', 'open', 'half_open', 'isolated']);

export const circuitStatusSchema = z.object({
  state: circuitStateSchema,
  /** While open: when the node will next be tried. */
  open_until: timeSchema.nullable(),
  /** Failed requests in a row that count toward opening the circuit. */
  consecutive_failures: z.number().int().nonnegative(),
  /** The failure that last counted, in words. */
  last_failure: z.string().nullable(),
});

export const nodeStatusSchema = z.object({
  name: z.string(),
  kind: nodeKindSchema,
  host: z.string(),
  port: z.number().int(),
  /** Where it is reached: `http://192.168.1.100:8000`. */
  url: z.string(),
  model: z.string(),
  tier: tierSchema,
  enabled: z.boolean(),
  source: nodeSourceSchema,
  health: nodeHealthSchema,
  circuit: circuitStatusSchema,
  /** Requests running on the node right now. */
  in_flight: z.number().int().nonnegative(),
  /**
   * Drained for maintenance: no new turns are routed there, those running finish, health checks go on. Set by
   * `drain: true` on the node in harombe.yaml or `PUT /cluster/nodes/:name/drain`.
   */
  drain: z.boolean(),
  /** successes / (successes + failures) of the requests sent there (as GET /metrics); null before any finished. */
  success_rate: z.number().min(0).max(1).nullable(),
  /** Generation speed over its recent requests (as GET /metrics); null before any. */
  tokens_per_second: z.number().nonnegative().nullable(),
  /**
   * The tier its model (and, when known from its mDNS announcement, its hardware) suggests; `tier` is still the one
   * used. Absent from older servers.
   */
  suggested_tier: tierSchema.optional(),
  /** Why, in one line: `qwen2.5:32b (~19 GB) runs in 24 GB of NVIDIA VRAM at ~28 tokens/s: a powerful-tier model`. */
  tier_reason: z.string().optional(),
});

/** One of the checks `harombe cluster test` and `POST /cluster/nodes/test` run, in order; after a failure the rest are skipped. */
export const nodeCheckNameSchema = z.enum(['reachable', 'auth', 'model', 'completion']);
export const nodeCheckStatusSchema = z.enum(['pass', 'fail', 'skip']);
export const nodeCheckSchema = z.object({
  name: nodeCheckNameSchema,
  status: nodeCheckStatusSchema,
  /** What was found: `http://gpu.lan:11434/api/tags answered in 12 ms`, `qwen2.5:14b is not there; it serves llama3.2:3b`. */
  detail: z.string(),
  /** For a failure: what to do about it. */
  fix: z.string().optional(),
});

/** A node's test: which node (as tested), and its checks. */
export const nodeTestResultSchema = z.object({
  node: z.object({ name: z.string(), kind: nodeKindSchema, host: z.string(), port: z.number().int(), model: z.string(), tier: tierSchema }),
  checks: z.array(nodeCheckSchema),
  /** For a node about to be added ("Test before adding"): the tier its model suggests, and why (as on node status). */
  suggested_tier: tierSchema.optional(),
  tier_reason: z.string().optional(),
});

// ---- metrics --------------------------------------------------------------------------------------------------------

/** Milliseconds over the node's recent requests (a bounded window); null before any. */
export const latencySummarySchema = z.object({
  average: z.number().nonnegative().nullable(),
  p50: z.number().nonnegative().nullable(),
  p95: z.number().nonnegative().nullable(),
});

export const nodeMetricsDetailSchema = z.object({
  name: z.string(),
  tier: tierSchema,
  health: nodeHealthStatusSchema,
  circuit: circuitStateSchema,
  open_until: timeSchema.nullable(),
  in_flight: z.number().int().nonnegative(),
  /** Every attempt sent to the node, including those cancelled by the caller. */
  requests: z.number().int().nonnegative(),
  successes: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  /** successes / (successes + failures); null before any finished request. */
  success_rate: z.number().min(0).max(1).nullable(),
  latency_ms: latencySummarySchema,
  time_to_first_token_ms: latencySummarySchema,
  /** Generated tokens (the server's usage, else one per streamed piece). */
  total_tokens: z.number().int().nonnegative(),
  /** Generation speed: tokens over the time from the first token to the end. */
  tokens_per_second: z.number().nonnegative(),
  last_request_time: timeSchema.nullable(),
  last_error: z.string().nullable(),
});

export const clusterMetricsSummarySchema = z.object({
  total_nodes: z.number().int().nonnegative(),
  /** Nodes that would be routed to now (enabled, not unavailable, circuit not open). */
  available_nodes: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  success_rate: z.number().min(0).max(1).nullable(),
  average_latency_ms: z.number().nonnegative().nullable(),
  in_flight: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  tokens_per_second: z.number().nonnegative(),
});

export const clusterMetricsSnapshotSchema = z.object({
  nodes: z.array(nodeMetricsDetailSchema),
  summary: clusterMetricsSummarySchema,
});

// ---- events (GET /cluster/events; SSE `event:` = `type`) ---------------------------------------------------------------

export const nodeAddedEventSchema = z.object({ type: z.literal('node_added'), at: timeSchema, node: nodeStatusSchema });
export const nodeRemovedEventSchema = z.object({
  type: z.literal('node_removed'),
  at: timeSchema,
  name: z.string(),
  source: nodeSourceSchema,
});
/** The node's health status or model check changed (latency alone does not send one). */
export const nodeHealthEventSchema = z.object({
  type: z.literal('node_health'),
  at: timeSchema,
  name: z.string(),
  previous: nodeHealthStatusSchema,
  health: nodeHealthSchema,
});
export const circuitEventSchema = z.object({
  type: z.literal('circuit'),
  at: timeSchema,
  name: z.string(),
  previous: circuitStateSchema,
  circuit: circuitStatusSchema,
});
/**
 * Which node served a request, and why it was chosen; or, with `node` null, that no node did: every candidate failed
 * (`failed_over` lists them, `error` is the last one's). Kept with the others in the last 50 decisions.
 */
export const routeDecisionEventSchema = z.object({
  type: z.literal('route'),
  at: timeSchema,
  /** The node that answered; null when none did. */
  node: z.string().nullable(),
  /** The serving node's tier; for an unserved request, that of the first node tried. */
  tier: tierSchema,
  /** The tier the request asked for (by complexity, or forced); differs from `tier` after a fallback. */
  wanted_tier: tierSchema,
  complexity: complexitySchema,
  reason: z.string(),
  /** Nodes that failed before answering, in the order tried. */
  failed_over: z.array(z.string()),
  /** Only when no node answered: the last node's error, as its failover event said it. */
  error: z.string().optional(),
  /** The start of the message routed: its last user message on one line, at most 80 characters (cut with `…`). */
  excerpt: z.string(),
});
/** A node failed before its first token; the request moves to `to` (null when no node is left). */
export const failoverEventSchema = z.object({
  type: z.literal('failover'),
  at: timeSchema,
  from: z.string(),
  to: z.string().nullable(),
  error: z.string(),
});

/** A node was drained (no new turns) or put back; `node` is its status after the change. */
export const nodeDrainEventSchema = z.object({
  type: z.literal('node_drain'),
  at: timeSchema,
  name: z.string(),
  drain: z.boolean(),
  node: nodeStatusSchema,
});
/** Every finished health check, changed or not (node_health says when the status changed): latency, sparkline, last check. */
export const nodeCheckEventSchema = z.object({
  type: z.literal('node_check'),
  at: timeSchema,
  name: z.string(),
  health: nodeHealthSchema,
});

export const clusterEventSchema = z.discriminatedUnion('type', [
  nodeAddedEventSchema,
  nodeRemovedEventSchema,
  nodeHealthEventSchema,
  nodeCheckEventSchema,
  nodeDrainEventSchema,
  circuitEventSchema,
  routeDecisionEventSchema,
  failoverEventSchema,
]);

export type NodeSource = z.infer<typeof nodeSourceSchema>;
export type NodeHealthStatus = z.infer<typeof nodeHealthStatusSchema>;
export type NodeHealth = z.infer<typeof nodeHealthSchema>;
export type CircuitState = z.infer<typeof circuitStateSchema>;
export type CircuitStatus = z.infer<typeof circuitStatusSchema>;
export type NodeStatus = z.infer<typeof nodeStatusSchema>;
export type NodeCheckName = z.infer<typeof nodeCheckNameSchema>;
export type NodeCheckStatus = z.infer<typeof nodeCheckStatusSchema>;
export type NodeCheck = z.infer<typeof nodeCheckSchema>;
export type NodeTestResult = z.infer<typeof nodeTestResultSchema>;
export type LatencySummary = z.infer<typeof latencySummarySchema>;
export type NodeMetricsDetail = z.infer<typeof nodeMetricsDetailSchema>;
export type ClusterMetricsSummary = z.infer<typeof clusterMetricsSummarySchema>;
export type ClusterMetricsSnapshot = z.infer<typeof clusterMetricsSnapshotSchema>;
export type NodeAddedEvent = z.infer<typeof nodeAddedEventSchema>;
export type NodeRemovedEvent = z.infer<typeof nodeRemovedEventSchema>;
export type NodeHealthEvent = z.infer<typeof nodeHealthEventSchema>;
export type CircuitEvent = z.infer<typeof circuitEventSchema>;
export type RouteDecisionEvent = z.infer<typeof routeDecisionEventSchema>;
export type FailoverEvent = z.infer<typeof failoverEventSchema>;
export type NodeDrainEvent = z.infer<typeof nodeDrainEventSchema>;
export type NodeCheckEvent = z.infer<typeof nodeCheckEventSchema>;
export type ClusterEvent = z.infer<typeof clusterEventSchema>;
export type ClusterEventType = ClusterEvent['type'];
