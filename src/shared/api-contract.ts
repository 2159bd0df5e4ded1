// The HTTP API, declared once: each endpoint's method, path and zod schemas. The server's routes are built from it.
// The body schemas live beside it in api-schemas.ts and are re-exported here, so imports of this module keep working.
import type { z } from 'zod';
import { agentEventSchema } from './agent-events';
import {
  auditQuerySchema,
  auditResponseSchema,
  chatCompletionRequestSchema,
  chatCompletionSchema,
  chatRequestSchema,
  chatResponseSchema,
  clusterDiscoverRequestSchema,
  clusterDiscoverResponseSchema,
  clusterNodeAddRequestSchema,
  clusterNodeDrainRequestSchema,
  clusterNodeDrainResponseSchema,
  clusterNodeListResponseSchema,
  clusterNodeParamsSchema,
  clusterNodeRemoveQuerySchema,
  clusterNodeRemovedResponseSchema,
  clusterNodeTestRequestSchema,
  clusterNodeTestResponseSchema,
  clusterRouteRequestSchema,
  clusterRouteResponseSchema,
  clusterStreamEventSchema,
  configResponseSchema,
  configUpdateRequestSchema,
  confirmationAnsweredResponseSchema,
  confirmationListResponseSchema,
  conversationDeletedResponseSchema,
  conversationListResponseSchema,
  conversationResponseSchema,
  conversationParamsSchema,
  hardwareResponseSchema,
  healthResponseSchema,
  idParamsSchema,
  metricsQuerySchema,
  metricsResponseSchema,
  modelPullEventSchema,
  modelPullRequestSchema,
  modelsResponseSchema,
  openAiModelListSchema,
  toolsResponseSchema,
  turnCancelResponseSchema,
} from './api-schemas';
import {
  approvalRuleEntrySchema,
  approvalRuleListResponseSchema,
  approvalRuleParamsSchema,
  approvalRuleRemovedResponseSchema,
  conversationApprovalModeRequestSchema,
  conversationApprovalModeResponseSchema,
} from './approval-schema';
import { nodeStatusSchema } from './cluster-schema';
import { approvalRuleSchema } from './config-schema';
import { confirmationAnswerSchema } from './conversation-schema';

export * from './api-schemas';

// ---- the endpoint map ---------------------------------------------------------------------------------------------

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface EndpointDefinition {
  method: HttpMethod;
  /** Hono-style path; `:name` segments are described by `params`. */
  path: string;
  summary: string;
  params?: z.ZodType;
  /** Query parameters (an object of strings), validated like params. */
  query?: z.ZodType;
  /** The JSON request body. */
  input?: z.ZodType;
  /** json: the response body. sse: one event (SSE `event:` = its `type`). relay: the non-streaming upstream body. */
  output: z.ZodType;
  response: 'json' | 'sse' | 'relay';
  /** A json endpoint that can also answer as text (the handler picks): what that text is and how to ask for it. */
  textVariant?: string;
  /** Error bodies in OpenAI's shape (the /v1 family) instead of harombe's. */
  errorStyle?: 'openai';
  /**
   * `open`: loopback callers need no credential (the seed's routes and /v1, used as its README shows). Every other
   * endpoint needs the local token (or server.auth_token), even from loopback: every user of the machine, and every
   * process the agent starts, shares loopback.
   */
  access?: 'open';
}

export const apiContract = {
  'health.get': { method: 'GET', path: '/health', summary: 'Is this node up, and with which model', output: healthResponseSchema, response: 'json', access: 'open' },
  'chat.post': { method: 'POST', path: '/chat', summary: 'One agent turn, answered when it is done', input: chatRequestSchema, output: chatResponseSchema, response: 'json', access: 'open' },
  'chat.stream': { method: 'POST', path: '/chat/stream', summary: 'One agent turn as Server-Sent Events', input: chatRequestSchema, output: agentEventSchema, response: 'sse', access: 'open' },
  'metrics.get': { method: 'GET', path: '/metrics', summary: 'Request metrics per cluster node', query: metricsQuerySchema, output: metricsResponseSchema, response: 'json', textVariant: 'Prometheus text exposition, with ?format=prometheus or Accept: text/plain', access: 'open' },
  'conversations.list': { method: 'GET', path: '/conversations', summary: 'Saved conversations, newest first', output: conversationListResponseSchema, response: 'json' },
  'conversations.get': { method: 'GET', path: '/conversations/:id', summary: 'One conversation with its messages', params: conversationParamsSchema, output: conversationResponseSchema, response: 'json' },
  'conversations.delete': { method: 'DELETE', path: '/conversations/:id', summary: 'Delete a conversation', params: conversationParamsSchema, output: conversationDeletedResponseSchema, response: 'json' },
  'conversations.cancel': { method: 'POST', path: '/conversations/:id/cancel', summary: 'Cancel the turn running in a conversation', params: conversationParamsSchema, output: turnCancelResponseSchema, response: 'json' },
  'conversations.events': { method: 'GET', path: '/conversations/:id/events', summary: 'Follow the turn running in a conversation: its events so far, then live, as Server-Sent Events', params: conversationParamsSchema, output: agentEventSchema, response: 'sse' },
  'conversations.approval_mode': { method: 'PUT', path: '/conversations/:id/approval-mode', summary: "Set a conversation's approval mode (null: back to tools.approval_mode)", params: conversationParamsSchema, input: conversationApprovalModeRequestSchema, output: conversationApprovalModeResponseSchema, response: 'json' },
  'confirmations.list': { method: 'GET', path: '/confirmations', summary: 'Dangerous tool calls waiting for a person', output: confirmationListResponseSchema, response: 'json' },
  'confirmations.answer': { method: 'POST', path: '/confirmations/:id', summary: 'Allow once, always allow (a scope, in this conversation or everywhere), or deny a waiting tool call', params: idParamsSchema, input: confirmationAnswerSchema, output: confirmationAnsweredResponseSchema, response: 'json' },
  'approvals.rules.list': { method: 'GET', path: '/approvals/rules', summary: 'The approval rules (tools.approvals), each with its id, label and any problem, and the default mode', output: approvalRuleListResponseSchema, response: 'json' },
  'approvals.rules.add': { method: 'POST', path: '/approvals/rules', summary: 'Add an approval rule (saved to harombe.yaml, applied at once)', input: approvalRuleSchema, output: approvalRuleEntrySchema, response: 'json' },
  'approvals.rules.remove': { method: 'DELETE', path: '/approvals/rules/:id', summary: 'Remove an approval rule by its id (from harombe.yaml, at once)', params: approvalRuleParamsSchema, output: approvalRuleRemovedResponseSchema, response: 'json' },
  'audit.list': { method: 'GET', path: '/audit', summary: 'The audit log: dangerous and rule-decided tool calls, who decided, how they ended (newest last)', query: auditQuerySchema, output: auditResponseSchema, response: 'json' },
  'tools.list': { method: 'GET', path: '/tools', summary: 'Enabled tools, MCP servers and the sandbox in use', output: toolsResponseSchema, response: 'json' },
  'models.list': { method: 'GET', path: '/models', summary: 'Models the backend has, marking the configured one', output: modelsResponseSchema, response: 'json' },
  'models.pull': { method: 'POST', path: '/models/pull', summary: 'Download a model, with progress as Server-Sent Events', input: modelPullRequestSchema, output: modelPullEventSchema, response: 'sse' },
  'hardware.get': { method: 'GET', path: '/hardware', summary: 'This machine and the model recommended for it', output: hardwareResponseSchema, response: 'json' },
  'config.get': { method: 'GET', path: '/config', summary: 'The config in use, secrets redacted', output: configResponseSchema, response: 'json' },
  'config.put': { method: 'PUT', path: '/config', summary: 'Replace the config (validated, saved)', input: configUpdateRequestSchema, output: configResponseSchema, response: 'json' },
  'config.reload': { method: 'POST', path: '/config/reload', summary: 'Read harombe.yaml again and apply it', output: configResponseSchema, response: 'json' },
  'cluster.nodes.list': { method: 'GET', path: '/cluster/nodes', summary: 'Every cluster node with its health, circuit and load', output: clusterNodeListResponseSchema, response: 'json' },
  'cluster.nodes.add': { method: 'POST', path: '/cluster/nodes', summary: 'Add a node while running (and to harombe.yaml with save)', input: clusterNodeAddRequestSchema, output: nodeStatusSchema, response: 'json' },
  'cluster.nodes.remove': { method: 'DELETE', path: '/cluster/nodes/:name', summary: 'Remove a node (and from harombe.yaml with ?save=true)', params: clusterNodeParamsSchema, query: clusterNodeRemoveQuerySchema, output: clusterNodeRemovedResponseSchema, response: 'json' },
  'cluster.nodes.drain': { method: 'PUT', path: '/cluster/nodes/:name/drain', summary: 'Drain a node (no new turns) or put it back (and in harombe.yaml with save)', params: clusterNodeParamsSchema, input: clusterNodeDrainRequestSchema, output: clusterNodeDrainResponseSchema, response: 'json' },
  'cluster.nodes.test': { method: 'POST', path: '/cluster/nodes/test', summary: 'Run the `harombe cluster test` checks on a node definition, before adding it', input: clusterNodeTestRequestSchema, output: clusterNodeTestResponseSchema, response: 'json' },
  'cluster.nodes.test_one': { method: 'POST', path: '/cluster/nodes/:name/test', summary: 'Check a node now: a health check and the `harombe cluster test` checks', params: clusterNodeParamsSchema, output: clusterNodeTestResponseSchema, response: 'json' },
  'cluster.discover': { method: 'POST', path: '/cluster/discover', summary: 'Browse mDNS for a few seconds: the harombe servers on this network not yet in the cluster', input: clusterDiscoverRequestSchema, output: clusterDiscoverResponseSchema, response: 'json' },
  'cluster.route': { method: 'POST', path: '/cluster/route', summary: 'Where a message would be routed, and why, without running it', input: clusterRouteRequestSchema, output: clusterRouteResponseSchema, response: 'json' },
  'cluster.events': { method: 'GET', path: '/cluster/events', summary: 'Cluster changes as Server-Sent Events: a snapshot, then health, circuits, nodes, routes', output: clusterStreamEventSchema, response: 'sse' },
  'openai.chat_completions': { method: 'POST', path: '/v1/chat/completions', summary: 'OpenAI-compatible chat completion (relayed to the model; harombe tools do not run)', input: chatCompletionRequestSchema, output: chatCompletionSchema, response: 'relay', errorStyle: 'openai', access: 'open' },
  'openai.models': { method: 'GET', path: '/v1/models', summary: 'OpenAI-compatible model list', output: openAiModelListSchema, response: 'json', errorStyle: 'openai', access: 'open' },
} as const satisfies Record<string, EndpointDefinition>;

export type ApiContract = typeof apiContract;
export type EndpointName = keyof ApiContract;

type SchemaOutput<Definition, Key extends string, Otherwise> = Definition extends { [K in Key]: infer Schema extends z.ZodType }
  ? z.output<Schema>
  : Otherwise;

export type EndpointParams<Name extends EndpointName> = SchemaOutput<ApiContract[Name], 'params', Record<string, never>>;
export type EndpointQuery<Name extends EndpointName> = SchemaOutput<ApiContract[Name], 'query', Record<string, never>>;
export type EndpointInput<Name extends EndpointName> = SchemaOutput<ApiContract[Name], 'input', undefined>;
/** What a client sends as the body: defaults may be left out (the server fills them in). */
export type EndpointBody<Name extends EndpointName> = ApiContract[Name] extends { input: infer Schema extends z.ZodType } ? z.input<Schema> : undefined;
/** For sse endpoints: one event. */
export type EndpointOutput<Name extends EndpointName> = z.output<ApiContract[Name]['output']>;

/** `/conversations/:id` + { id: 'abc' } → `/conversations/abc` (each value URL-encoded). */
export function endpointPath<Name extends EndpointName>(name: Name, params: EndpointParams<Name>): string {
  const values = params as Record<string, string>;
  return apiContract[name].path.replace(/:([A-Za-z_]+)/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));
}
