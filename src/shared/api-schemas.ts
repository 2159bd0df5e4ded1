// The HTTP API's bodies: each request, response and event schema the endpoint map (api-contract.ts) names, and their types.
import { z } from 'zod';
import { confirmationDecisionSchema } from './agent-events';
import { usageSchema } from './chat-schema';
import { clusterSummarySchema } from './cluster-api-schemas';
import { alwaysAllowRuleSchema, alwaysAllowWhereSchema } from './approval-schema';
import { auditEntrySchema } from './audit-schema';
import { parseSince, SINCE_HELP } from './audit-since';
import { approvalModeSchema, harombeConfigSchema, sandboxModeSchema } from './config-schema';
import { hardwareProfileSchema, modelRecommendationSchema } from './hardware-schema';
import { conversationIdSchema, conversationSchema, conversationSummarySchema, pendingConfirmationSchema } from './conversation-schema';

// ---- errors -------------------------------------------------------------------------------------------------------

export const apiIssueSchema = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() });

/** Every harombe error body: what went wrong, a code to branch on, and what to do next. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    /** For 400s: each problem with the request body, by path. */
    issues: z.array(apiIssueSchema).optional(),
  }),
});

/** The error body of /v1/*, in OpenAI's shape so OpenAI clients can read it. */
export const openAiErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    code: z.string().nullable(),
    param: z.string().nullable().optional(),
  }),
});

// ---- seed endpoints -----------------------------------------------------------------------------------------------

export const nodeIdentitySchema = z.object({ name: z.string(), tier: z.number().int().min(0).max(2) });

/** This node's model server (its Ollama) as its last check found it; `url` and the addresses in `error` only for loopback callers. */
export const modelServerHealthSchema = z.object({
  reachable: z.boolean(),
  /** The model this node answers with is pulled there. */
  model_present: z.boolean(),
  url: z.string().optional(),
  /** What is wrong, in words; absent when the model server can answer. */
  error: z.string().optional(),
  /** What to do about it (`ollama serve`, `ollama pull <model>`). */
  hint: z.string().optional(),
  checked_at: z.string(),
});

export const healthResponseSchema = z.object({
  /** `healthy`: this node can answer; `degraded`: it is up but cannot (model_server says why). */
  status: z.enum(['healthy', 'degraded']),
  model: z.string(),
  version: z.string(),
  node: nodeIdentitySchema,
  /** Seconds since this server started (harombe status shows it). */
  uptime_seconds: z.number().nonnegative().optional(),
  /** The server's process id, so `harombe stop` can find a server started in the foreground. */
  pid: z.number().int().positive().optional(),
  /** Absent from a server that does not check its model server (tests' in-process servers). */
  model_server: modelServerHealthSchema.optional(),
});

export const chatRequestSchema = z.object({
  message: z.string().min(1, 'message must not be empty'),
  /** Continue this conversation; a new one is started when absent. */
  conversation_id: conversationIdSchema.optional(),
  /**
   * Edit or regenerate: the index of a user message of `conversation_id`; that message and everything after it are
   * replaced by `message` and its answer.
   */
  replace_from: z.number().int().nonnegative().optional(),
  /** Answer this turn with this model (one GET /models lists) instead of the configured one. */
  model: z.string().min(1).optional(),
  /**
   * /chat/stream: when the stream closes mid-answer (a page reloaded), the turn runs on this long for
   * GET /conversations/:id/events to rejoin it, and on while someone follows it there; then it is cancelled. Absent or 0:
   * cancelled at once.
   */
  rejoin_grace_ms: z.number().int().min(0).max(60_000).optional(),
  /**
   * The conversation's approval mode from this turn on (kept on the conversation, as PUT
   * /conversations/:id/approval-mode does); absent: the conversation's own, else tools.approval_mode.
   */
  approval_mode: approvalModeSchema.optional(),
}).refine((request) => request.replace_from === undefined || request.conversation_id !== undefined, {
  message: 'replace_from needs the conversation_id it points into',
  path: ['replace_from'],
});

/** GET /conversations/:id: the saved conversation, and whether a turn is running in it now (poll until it is not). */
export const conversationResponseSchema = conversationSchema.extend({ running: z.boolean().optional() });

export const chatResponseSchema = z.object({
  response: z.string(),
  conversation_id: z.string(),
  steps: z.number().int().nonnegative().optional(),
  usage: usageSchema.optional(),
  /** The turn was cancelled (POST /conversations/:id/cancel); `response` is what was said until then. */
  cancelled: z.boolean().optional(),
});

export const nodeMetricsSchema = z.object({
  name: z.string(),
  tier: z.number().int().min(0).max(2).optional(),
  healthy: z.boolean().optional(),
  total_requests: z.number().int().nonnegative(),
  successful_requests: z.number().int().nonnegative(),
  failed_requests: z.number().int().nonnegative(),
  success_rate: z.number().min(0).max(1),
  average_latency_ms: z.number().nonnegative(),
  total_tokens: z.number().int().nonnegative(),
  tokens_per_second: z.number().nonnegative(),
  last_request_time: z.string().nullable(),
});

export const metricsResponseSchema = z.object({ nodes: z.array(nodeMetricsSchema), cluster_summary: clusterSummarySchema });

// ---- conversations and confirmations ------------------------------------------------------------------------------

export const idParamsSchema = z.object({ id: z.string().min(1) });
export const conversationParamsSchema = z.object({ id: conversationIdSchema });

export const conversationListResponseSchema = z.object({ conversations: z.array(conversationSummarySchema) });
export const conversationDeletedResponseSchema = z.object({ id: z.string(), deleted: z.literal(true) });
export const turnCancelResponseSchema = z.object({
  conversation_id: z.string(),
  /** False when no turn was running in that conversation (it may just have finished). */
  cancelled: z.boolean(),
});

export const confirmationListResponseSchema = z.object({ confirmations: z.array(pendingConfirmationSchema) });
export const confirmationAnsweredResponseSchema = z.object({
  confirmation_id: z.string(),
  decision: confirmationDecisionSchema,
  /** always_allow: the rule added, and where it is kept. */
  rule: alwaysAllowRuleSchema.optional(),
  where: alwaysAllowWhereSchema.optional(),
  /** Other waiting confirmations the new rule covers, allowed with this answer. */
  also_settled: z.array(z.string()).optional(),
});

// ---- tools, models, hardware, config ------------------------------------------------------------------------------

/** Where an MCP server is in its life: `failed` carries the reason (and its stderr tail); `restarting` waits out a backoff. */
export const mcpServerStateSchema = z.enum(['disabled', 'starting', 'ready', 'failed', 'restarting']);

/** One configured MCP server as GET /tools, `harombe mcp list` and `harombe doctor` show it. */
export const mcpServerStatusSchema = z.object({
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  enabled: z.boolean(),
  status: mcpServerStateSchema,
  /** Why it is not ready, in a sentence a person can act on. */
  reason: z.string().optional(),
  /** The last lines a stdio server wrote to stderr (at most ~20). */
  stderr_tail: z.array(z.string()).optional(),
  /** Its tools as the model sees them (`server__tool`), once listed; hidden ones (`enabled: false`) left out. */
  tools: z.array(z.string()),
});

export const toolsResponseSchema = z.object({
  tools: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      dangerous: z.boolean(),
      /** The MCP server the tool belongs to; absent for the built-ins. */
      server: z.string().optional(),
    }),
  ),
  /** Every configured MCP server (mcp: in harombe.yaml) and its status. */
  mcp_servers: z.array(mcpServerStatusSchema).default([]),
  /** Whether dangerous tools wait for a person (tools.confirm_dangerous). */
  confirm_dangerous: z.boolean(),
  sandbox: z.object({
    /** As configured (tools.sandbox). */
    mode: sandboxModeSchema,
    /** What the shell tool actually runs under, once known. */
    active: z.enum(['bwrap', 'none']).optional(),
    detail: z.string().optional(),
    /** Present when shell commands run unconfined: why, and what to do (a client shows it as a warning). */
    warning: z.string().optional(),
  }),
});

/** A model the model server has, as Ollama lists it: the one shape from OllamaAdmin through the server to the API. */
export const installedModelSchema = z.object({
  name: z.string(),
  /** Bytes on disk. */
  size: z.number().nonnegative(),
  /** Ollama's digest of the model; it changes when the model is pulled again with new weights. */
  digest: z.string().optional(),
  /** ISO time. */
  modified_at: z.string().optional(),
  family: z.string().optional(),
  parameter_size: z.string().optional(),
  quantization: z.string().optional(),
});
export const modelInfoSchema = installedModelSchema.extend({
  /** True for the model turns use now (model.name, or what `auto` picked). */
  configured: z.boolean(),
});
export const modelsResponseSchema = z.object({ configured: z.string(), models: z.array(modelInfoSchema) });

export const modelPullRequestSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}$/, 'a model name looks like qwen2.5:7b (letters, digits, . _ : / -)'),
});
export const modelPullEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    status: z.string(),
    digest: z.string().optional(),
    total: z.number().nonnegative().optional(),
    completed: z.number().nonnegative().optional(),
  }),
  z.object({ type: z.literal('done'), model: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), hint: z.string().optional() }),
]);

export const hardwareResponseSchema = z.object({ profile: hardwareProfileSchema, recommendation: modelRecommendationSchema });

export const configResponseSchema = z.object({
  /** The config in use; secrets (auth tokens) are replaced by REDACTED. */
  config: harombeConfigSchema,
  path: z.string().optional(),
  /** Keys whose new values take effect only after a restart. */
  restart_required: z.array(z.string()).optional(),
});
/** A whole config; a secret sent back as REDACTED keeps its current value. */
export const configUpdateRequestSchema = z.object({ config: harombeConfigSchema });

// ---- the audit log ------------------------------------------------------------------------------------------------

/** GET /audit's filters; `since` is resolved against the server's clock. */
export const auditQuerySchema = z.object({
  conversation: z.string().min(1).optional(),
  since: z.string().refine((value) => parseSince(value, new Date()) !== undefined, { message: `since must be ${SINCE_HELP}` }).optional(),
  tool: z.string().min(1).optional(),
  decision: z.enum(['allowed', 'denied']).optional(),
  /** The newest this many that match (default 100). */
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const auditResponseSchema = z.object({
  /** Oldest first: the newest is last. */
  entries: z.array(auditEntrySchema),
  /** Lines that are not an entry (the last one cut short by a crash mid-write), left out. */
  skipped: z.number().int().nonnegative(),
  /** The log on the server's machine (its rotated files, audit.log.1 …, sit beside it). */
  file: z.string(),
});

// ---- OpenAI-compatible /v1 ----------------------------------------------------------------------------------------

/** Only the shape harombe needs is checked; every other field (tools, tool_choice, stop...) passes through untouched. */
export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required (a model name, or "auto")'),
  messages: z.array(z.looseObject({ role: z.string() })).min(1, 'messages must hold at least one message'),
  stream: z.boolean().optional(),
});
export const chatCompletionSchema = z.looseObject({
  id: z.string(),
  object: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(z.looseObject({ index: z.number() })),
});
export const openAiModelListSchema = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.number(), owned_by: z.string() })),
});

// The cluster's endpoints: their own file, re-exported so imports of this module keep working.
export * from './cluster-api-schemas';

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
export type AuditQueryParameters = z.infer<typeof auditQuerySchema>;
export type AuditResponse = z.infer<typeof auditResponseSchema>;
export type OpenAiErrorBody = z.infer<typeof openAiErrorSchema>;
export type NodeIdentity = z.infer<typeof nodeIdentitySchema>;
export type HealthResponse = z.infer<typeof healthResponseSchema>;
export type ModelServerHealth = z.infer<typeof modelServerHealthSchema>;
export type ChatTurnRequest = z.infer<typeof chatRequestSchema>;
export type ChatTurnResponse = z.infer<typeof chatResponseSchema>;
export type ConfirmationAnsweredResponse = z.infer<typeof confirmationAnsweredResponseSchema>;
export type NodeMetrics = z.infer<typeof nodeMetricsSchema>;
export type MetricsResponse = z.infer<typeof metricsResponseSchema>;
export type ToolsResponse = z.infer<typeof toolsResponseSchema>;
export type McpServerState = z.infer<typeof mcpServerStateSchema>;
export type McpServerStatus = z.infer<typeof mcpServerStatusSchema>;
export type InstalledModel = z.infer<typeof installedModelSchema>;
export type ModelInfo = z.infer<typeof modelInfoSchema>;
export type ModelsResponse = z.infer<typeof modelsResponseSchema>;
export type ModelPullEvent = z.infer<typeof modelPullEventSchema>;
export type HardwareResponse = z.infer<typeof hardwareResponseSchema>;
export type ConfigResponse = z.infer<typeof configResponseSchema>;
export type ConfigUpdateRequest = z.infer<typeof configUpdateRequestSchema>;
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type OpenAiModelList = z.infer<typeof openAiModelListSchema>;
