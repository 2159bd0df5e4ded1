// Conversations as stored on disk and returned by the API, and the confirmations waiting on a person.
import { z } from 'zod';
import { confirmationDecisionSchema } from './agent-events';
import { alwaysAllowOptionSchema, alwaysAllowRuleSchema, alwaysAllowScopeSchema, alwaysAllowWhereSchema, type AlwaysAllowRule } from './approval-schema';
import { approvalSurfaceSchema } from './audit-schema';
import { chatMessageSchema, usageSchema } from './chat-schema';
import { approvalModeSchema } from './config-schema';
import { fileChangeSchema } from './file-change-schema';

export const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a conversation id is 1-64 letters, digits, _ or -');

export const conversationSchema = z.object({
  id: conversationIdSchema,
  title: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Without the system prompt: it comes from the config at each turn. */
  messages: z.array(chatMessageSchema),
  /** Tokens the backend reported for the last prompt, for trimming the context. */
  last_usage: usageSchema.optional(),
  /** Characters in the prompt that last_usage.prompt_tokens counted: calibrates characters per token. */
  last_prompt_chars: z.number().int().nonnegative().optional(),
  /**
   * What the user chose "always allow" for in this conversation, as allow rules. Files saved before scopes existed
   * hold tool names: each loads as the rule for every call of that tool.
   */
  always_allow: z
    .array(z.union([z.string().min(1).transform((tool): AlwaysAllowRule => ({ tool })), alwaysAllowRuleSchema]))
    .default([]),
  /** This conversation's approval mode; absent: tools.approval_mode. */
  approval_mode: approvalModeSchema.optional(),
});

export const conversationSummarySchema = z.object({
  id: conversationIdSchema,
  title: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  message_count: z.number().int().nonnegative(),
});

export const pendingConfirmationSchema = z.object({
  confirmation_id: z.string(),
  conversation_id: z.string(),
  tool_call: z.object({ id: z.string(), name: z.string(), arguments: z.unknown() }),
  description: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  /** A file write's change against the current file, read when the confirmation was made. */
  file_change: fileChangeSchema.optional(),
  /** Why a person is asked, in a sentence (see confirm_required). */
  asked_because: z.string().optional(),
  /** The "always allow" scopes offered, narrowest first. */
  always_allow_options: z.array(alwaysAllowOptionSchema).optional(),
});

export const confirmationAnswerSchema = z.object({
  decision: confirmationDecisionSchema,
  /** always_allow: which of the confirmation's always_allow_options; absent: the first (narrowest) one. */
  scope: alwaysAllowScopeSchema.optional(),
  /** always_allow: kept in this conversation (default) or saved to tools.approvals in harombe.yaml. */
  where: alwaysAllowWhereSchema.optional(),
  /** Where the person answered, for the audit log. */
  surface: approvalSurfaceSchema.default('api'),
});

export type Conversation = z.infer<typeof conversationSchema>;
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;
export type PendingConfirmation = z.infer<typeof pendingConfirmationSchema>;
export type ConfirmationAnswer = z.infer<typeof confirmationAnswerSchema>;
