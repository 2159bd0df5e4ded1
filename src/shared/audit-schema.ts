// One line of $HAROMBE_HOME/audit.log: a dangerous (or rule-decided) tool call, who settled it, and how it ended.
import { z } from 'zod';
import { approvalModeSchema } from './config-schema';

/** Where a person answered from: the CLI prompt, a harombe window (web or desktop), or a plain API client. */
export const approvalSurfaceSchema = z.enum(['cli', 'window', 'api']);

/**
 * Who settled the call: a person (and where), a tools.approvals rule (by its label), "always allow" given earlier
 * (scope), the conversation's approval mode, tools.confirm_dangerous: false, nobody in time, or a cancel/shutdown.
 */
export const auditDeciderSchema = z.object({
  kind: z.enum(['person', 'rule', 'always_allow', 'mode', 'config', 'timeout', 'cancelled', 'unattended']),
  surface: approvalSurfaceSchema.optional(),
  /** kind rule: `tools.approvals[3] (shell \`git status\`: allow)`; kind always_allow: the scope in words. */
  rule: z.string().optional(),
  mode: approvalModeSchema.optional(),
});

export const auditEntrySchema = z.object({
  /** When the call was settled (ISO 8601). */
  time: z.string(),
  conversation_id: z.string(),
  tool_call_id: z.string(),
  tool: z.string(),
  /** For an MCP tool: the server it went to. */
  server: z.string().optional(),
  /** The full arguments as the tool received them. */
  arguments: z.unknown(),
  dangerous: z.boolean(),
  decision: z.enum(['allowed', 'denied']),
  decided_by: auditDeciderSchema,
  /** Set once an allowed call ran: whether it succeeded, the shell's exit code when there is one, and how long it took. */
  ok: z.boolean().optional(),
  exit_code: z.number().int().nullable().optional(),
  duration_ms: z.number().nonnegative().optional(),
});

export type ApprovalSurface = z.infer<typeof approvalSurfaceSchema>;
export type AuditDecider = z.infer<typeof auditDeciderSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
