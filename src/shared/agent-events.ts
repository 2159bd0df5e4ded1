// The one stream every surface consumes: what the agent is doing, as a typed union (SSE `event:` = `type`).
import { z } from 'zod';
import { alwaysAllowOptionSchema } from './approval-schema';
import { usageSchema } from './chat-schema';
import { fileChangeSchema } from './file-change-schema';

export const complexitySchema = z.enum(['simple', 'medium', 'complex']);
export const confirmationDecisionSchema = z.enum(['allow_once', 'always_allow', 'deny']);

/** First event of every turn: the conversation it runs in (a new one's id too) and where its user message sits. */
export const startEventSchema = z.object({
  type: z.literal('start'),
  conversation_id: z.string(),
  /** Index of this turn's user message in the conversation's saved messages. */
  message_index: z.number().int().nonnegative(),
});
export const routeEventSchema = z.object({
  type: z.literal('route'),
  node: z.string(),
  tier: z.number().int().min(0).max(2),
  complexity: complexitySchema,
  reason: z.string(),
});
export const tokenEventSchema = z.object({ type: z.literal('token'), text: z.string() });
export const toolCallEventSchema = z.object({
  type: z.literal('tool_call'),
  id: z.string(),
  name: z.string(),
  /** Parsed arguments when they were valid JSON, else the raw text the model sent. */
  arguments: z.unknown(),
  dangerous: z.boolean(),
  /** The MCP server the call goes to (its tools are named `server__tool`); absent for the built-ins. */
  server: z.string().optional(),
});
export const confirmRequiredEventSchema = z.object({
  type: z.literal('confirm_required'),
  confirmation_id: z.string(),
  conversation_id: z.string(),
  tool_call: z.object({ id: z.string(), name: z.string(), arguments: z.unknown() }),
  /** What will happen, in words a person can judge: `shell: rm -rf build` */
  description: z.string(),
  /** When an unanswered confirmation is denied (ISO time). */
  expires_at: z.string(),
  /** A file write's change against the current file, read when the confirmation was made. */
  file_change: fileChangeSchema.optional(),
  /**
   * Why a person is asked, in a sentence: "shell is dangerous and no rule allows `git push origin main`",
   * "`rm -rf build` is on the built-in always-ask list", "asked by tools.approvals[2] (…: ask)".
   */
  asked_because: z.string().optional(),
  /** The "always allow" scopes offered, narrowest first (an always-asked command offers only its exact command). */
  always_allow_options: z.array(alwaysAllowOptionSchema).optional(),
});
export const toolResultEventSchema = z.object({
  type: z.literal('tool_result'),
  id: z.string(),
  name: z.string(),
  ok: z.boolean(),
  output: z.string(),
  ms: z.number().nonnegative(),
});
export const doneEventSchema = z.object({
  type: z.literal('done'),
  conversation_id: z.string(),
  response: z.string(),
  steps: z.number().int().nonnegative(),
  usage: usageSchema.optional(),
  cancelled: z.boolean().optional(),
});
export const errorEventSchema = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});

export const agentEventSchema = z.discriminatedUnion('type', [
  startEventSchema,
  routeEventSchema,
  tokenEventSchema,
  toolCallEventSchema,
  confirmRequiredEventSchema,
  toolResultEventSchema,
  doneEventSchema,
  errorEventSchema,
]);

export type Complexity = z.infer<typeof complexitySchema>;
export type ConfirmationDecision = z.infer<typeof confirmationDecisionSchema>;
export type StartEvent = z.infer<typeof startEventSchema>;
export type RouteEvent = z.infer<typeof routeEventSchema>;
export type TokenEvent = z.infer<typeof tokenEventSchema>;
export type ToolCallEvent = z.infer<typeof toolCallEventSchema>;
export type ConfirmRequiredEvent = z.infer<typeof confirmRequiredEventSchema>;
export type ToolResultEvent = z.infer<typeof toolResultEventSchema>;
export type DoneEvent = z.infer<typeof doneEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type AgentEvent = z.infer<typeof agentEventSchema>;
export type AgentEventType = AgentEvent['type'];
