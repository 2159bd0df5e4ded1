// Conversations as stored on disk and returned by the API, and the confirmations waiting on a person.
import { z } from 'zod';
import { confirmationDecisionSchema } from './agent-events';
import { chatMessageSchema, usageSchema } from './chat-schema';
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
  /** Tools the user chose "always allow" for, in this conversation. */
  always_allow: z.array(z.string()).default([]),
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
});

export const confirmationAnswerSchema = z.object({ decision: confirmationDecisionSchema });

export type Conversation = z.infer<typeof conversationSchema>;
export type ConversationSummary = z.infer<typeof conversationSummarySchema>;
export type PendingConfirmation = z.infer<typeof pendingConfirmationSchema>;
export type ConfirmationAnswer = z.infer<typeof confirmationAnswerSchema>;
