// Approvals as data: the "always allow" scopes a confirmation offers, the answer choosing one, and the rules API's rows.
import { z } from 'zod';
import { approvalModeSchema, approvalRuleSchema } from './config-schema';

/** What "always allow" adds: an allow rule (tools.approvals' shape without `decision`, which is always allow). */
export const alwaysAllowRuleSchema = approvalRuleSchema.omit({ decision: true });

/**
 * How far "always allow" reaches: this exact call (command, path or arguments), calls starting with the same first
 * words (shell) or in the same folder (file tools), or every call of the tool.
 */
export const alwaysAllowScopeSchema = z.enum(['exact', 'prefix', 'tool']);

/** Where "always allow" is kept: this conversation only, or tools.approvals in harombe.yaml (every conversation). */
export const alwaysAllowWhereSchema = z.enum(['conversation', 'everywhere']);

/** One scope a confirmation offers: its words for a person and the rule choosing it would add. */
export const alwaysAllowOptionSchema = z.object({
  scope: alwaysAllowScopeSchema,
  /** `this exact command \`git push origin main\``, `commands starting with \`git push\``, `every shell command` */
  label: z.string(),
  rule: alwaysAllowRuleSchema,
});

/** One tools.approvals rule as GET /approvals/rules lists it. */
export const approvalRuleEntrySchema = z.object({
  ...approvalRuleSchema.shape,
  /** Stable while the rule is unchanged (derived from its content, not its place): what DELETE takes. */
  id: z.string(),
  /** Its place in tools.approvals (labels and the audit log name rules by it). */
  index: z.number().int().nonnegative(),
  /** `tools.approvals[2] (shell \`git status\`: allow)` */
  label: z.string(),
  /** Why the rule is left out (it cannot be read), in words saying what to change; absent when it applies. */
  problem: z.string().optional(),
});

export const approvalRuleListResponseSchema = z.object({
  rules: z.array(approvalRuleEntrySchema),
  /** tools.approval_mode: the mode conversations without their own start in. */
  approval_mode: approvalModeSchema,
});

export const approvalRuleParamsSchema = z.object({ id: z.string().min(1) });
export const approvalRuleRemovedResponseSchema = z.object({ id: z.string(), removed: z.literal(true), rule: approvalRuleEntrySchema });

/** PUT /conversations/:id/approval-mode: null goes back to the default (tools.approval_mode). */
export const conversationApprovalModeRequestSchema = z.object({ approval_mode: approvalModeSchema.nullable() });
export const conversationApprovalModeResponseSchema = z.object({
  conversation_id: z.string(),
  /** The conversation's own choice; null when it follows tools.approval_mode. */
  approval_mode: approvalModeSchema.nullable(),
  /** The mode its next tool call is settled in. */
  effective_mode: approvalModeSchema,
});

export type AlwaysAllowRule = z.infer<typeof alwaysAllowRuleSchema>;
export type AlwaysAllowScope = z.infer<typeof alwaysAllowScopeSchema>;
export type AlwaysAllowWhere = z.infer<typeof alwaysAllowWhereSchema>;
export type AlwaysAllowOption = z.infer<typeof alwaysAllowOptionSchema>;
export type ApprovalRuleEntry = z.infer<typeof approvalRuleEntrySchema>;
export type ApprovalRuleListResponse = z.infer<typeof approvalRuleListResponseSchema>;
export type ConversationApprovalModeRequest = z.infer<typeof conversationApprovalModeRequestSchema>;
export type ConversationApprovalModeResponse = z.infer<typeof conversationApprovalModeResponseSchema>;
