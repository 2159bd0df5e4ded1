// The approval modes as the CLI names and explains them (--mode, /mode), and the warning trusted mode always prints.
import { approvalModeSchema, type ApprovalModeName } from '../../shared';

export const APPROVAL_MODES = approvalModeSchema.options;

export const MODE_MEANINGS: Record<ApprovalModeName, string> = {
  ask: 'safe tools run; a dangerous call runs when a rule or "always allow" covers it, otherwise you are asked',
  rules_only: 'only what a rule or "always allow" allows runs; every other call, safe ones too, is asked',
  trusted: 'every tool call runs without asking (deny rules still refuse)',
  chat_only: 'no tools: the model only talks',
};

export const TRUSTED_WARNING = '⚠ trusted mode: every tool call — shell commands, file changes, MCP tools — runs without asking (deny rules still refuse).';

/** `rules-only` and `rules_only` both name rules_only; undefined for anything else. */
export function parseApprovalMode(text: string): ApprovalModeName | undefined {
  const parsed = approvalModeSchema.safeParse(text.trim().toLowerCase().replace(/-/g, '_'));
  return parsed.success ? parsed.data : undefined;
}
