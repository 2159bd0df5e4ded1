// The cluster endpoints' bodies: nodes, routing, drain, test, discovery and the live event stream (the endpoint map names them).
import { z } from 'zod';
import { complexitySchema } from './agent-events';
import { clusterEventSchema, nodeStatusSchema, nodeTestResultSchema, routeDecisionEventSchema } from './cluster-schema';
import { nodeConfigSchema, nodeKindSchema } from './config-schema';
import { hardwareKindSchema } from './hardware-schema';

/** The whole cluster in figures: /metrics' summary and the dashboard's live snapshot. */
export const clusterSummarySchema = z.object({
  total_nodes: z.number().int().nonnegative(),
  healthy_nodes: z.number().int().nonnegative(),
  total_requests: z.number().int().nonnegative(),
  average_success_rate: z.number().min(0).max(1),
  average_latency_ms: z.number().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  tokens_per_second: z.number().nonnegative(),
});

/** `GET /metrics?format=prometheus` (or `Accept: text/plain`) answers in Prometheus text instead of the seed's JSON. */
export const metricsQuerySchema = z.object({ format: z.enum(['json', 'prometheus']).optional() });

export const clusterNodeListResponseSchema = z.object({ nodes: z.array(nodeStatusSchema) });

/** A node as harombe.yaml writes it (kind, port and enabled may be left out), and whether to save it there too. */
export const clusterNodeAddRequestSchema = nodeConfigSchema.extend({
  /** Also write the node into cluster.nodes in harombe.yaml (comments kept); default: only while this server runs. */
  save: z.boolean().optional(),
});

export const clusterNodeParamsSchema = z.object({ name: z.string().min(1) });

/** `?save=true`: also delete the node from cluster.nodes in harombe.yaml. */
export const clusterNodeRemoveQuerySchema = z.object({ save: z.stringbool().optional() });

export const clusterNodeRemovedResponseSchema = z.object({
  name: z.string(),
  removed: z.literal(true),
  /** Whether harombe.yaml was changed too. */
  saved: z.boolean(),
});

export const clusterRouteRequestSchema = z.object({
  message: z.string().min(1, 'message must not be empty'),
  /** Use this tier instead of the one the classifier picks. */
  tier: z.number().int().min(0).max(2).optional(),
  /** Only nodes configured with this model. */
  model: z.string().min(1).optional(),
});

/** Where a request would go, and why; nothing is sent to any node. */
export const clusterRouteResponseSchema = z.object({
  node: z.string(),
  tier: z.number().int().min(0).max(2),
  /** The tier asked for (classifier or `tier`); differs from `tier` after a fallback. */
  wanted_tier: z.number().int().min(0).max(2),
  complexity: complexitySchema,
  reason: z.string(),
  /** Every node that would be tried, in order: `node` first. */
  candidates: z.array(z.string()),
  fallbacks: z.array(z.string()),
  estimated_tokens: z.number().int().nonnegative(),
});

/** `PUT /cluster/nodes/:name/drain`: drain a node (no new turns) or put it back; `save` also writes it to harombe.yaml. */
export const clusterNodeDrainRequestSchema = z.object({
  drain: z.boolean(),
  /** Also set (or, putting it back, remove) `drain: true` on the node in harombe.yaml, comments kept. */
  save: z.boolean().optional(),
});

export const clusterNodeDrainResponseSchema = z.object({
  node: nodeStatusSchema,
  /** Whether harombe.yaml was changed too (false without save, or for a node that is not in it). */
  saved: z.boolean(),
});

/** `POST /cluster/nodes/test`: a node as `POST /cluster/nodes` takes it (`save` is ignored); nothing is added. */
export const clusterNodeTestRequestSchema = clusterNodeAddRequestSchema;

/** The `harombe cluster test` checks of one node, each pass/fail/skip with its fix. */
export const clusterNodeTestResponseSchema = nodeTestResultSchema.extend({
  /** Every check passed. */
  passed: z.boolean(),
  /** `POST /cluster/nodes/:name/test`: the node's status after the health check it also ran; absent for a node not added. */
  status: nodeStatusSchema.optional(),
});

/** `POST /cluster/discover`: browse mDNS once for this many seconds (default 3). */
export const clusterDiscoverRequestSchema = z.object({ seconds: z.number().min(1).max(10).optional() });

/** A harombe server that answered the browse: not this node, not one already in the cluster. */
export const discoveredServerSchema = z.object({
  name: z.string(),
  /** Where to reach it, e.g. `http://192.168.1.20:8000`. */
  url: z.string(),
  host: z.string(),
  port: z.number().int(),
  kind: nodeKindSchema,
  model: z.string(),
  version: z.string().optional(),
  /** What its announcement said of its machine; absent from older nodes. */
  hardware: z.object({ kind: hardwareKindSchema, gpu_memory_gb: z.number().nullable(), ram_gb: z.number() }).optional(),
  /** The tier it announces (its own config). */
  tier: z.number().int().min(0).max(2),
  /** The tier its model and hardware suggest, with why. */
  suggested_tier: z.number().int().min(0).max(2),
  suggestion: z.string(),
});

export const clusterDiscoverResponseSchema = z.object({
  servers: z.array(discoveredServerSchema),
  seconds: z.number(),
  /** The mDNS service type browsed, e.g. `_harombe._tcp.local`. */
  service: z.string(),
});

/** The first event of GET /cluster/events: every node as it is now; the live events follow. */
export const clusterSnapshotEventSchema = z.object({
  type: z.literal('snapshot'),
  at: z.string(),
  nodes: z.array(nodeStatusSchema),
  /** The last routing decisions (at most 50), oldest first; each later one arrives as a `route` event. */
  routes: z.array(routeDecisionEventSchema),
});

export const clusterStreamEventSchema = z.discriminatedUnion('type', [clusterSnapshotEventSchema, ...clusterEventSchema.options]);

export type ClusterSummary = z.infer<typeof clusterSummarySchema>;
export type ClusterNodeListResponse = z.infer<typeof clusterNodeListResponseSchema>;
export type ClusterNodeAddRequest = z.infer<typeof clusterNodeAddRequestSchema>;
export type ClusterNodeRemovedResponse = z.infer<typeof clusterNodeRemovedResponseSchema>;
export type ClusterRouteRequest = z.infer<typeof clusterRouteRequestSchema>;
export type ClusterRouteResponse = z.infer<typeof clusterRouteResponseSchema>;
export type ClusterNodeDrainRequest = z.infer<typeof clusterNodeDrainRequestSchema>;
export type ClusterNodeDrainResponse = z.infer<typeof clusterNodeDrainResponseSchema>;
export type ClusterNodeTestRequest = z.infer<typeof clusterNodeTestRequestSchema>;
export type ClusterNodeTestResponse = z.infer<typeof clusterNodeTestResponseSchema>;
export type ClusterDiscoverRequest = z.infer<typeof clusterDiscoverRequestSchema>;
export type DiscoveredServer = z.infer<typeof discoveredServerSchema>;
export type ClusterDiscoverResponse = z.infer<typeof clusterDiscoverResponseSchema>;
export type ClusterSnapshotEvent = z.infer<typeof clusterSnapshotEventSchema>;
export type ClusterStreamEvent = z.infer<typeof clusterStreamEventSchema>;
