// Approval rules (tools.approvals): the parsed-command and path matching that decides allow / ask / deny before anyone is asked.
export { ALWAYS_ASK, alwaysAskReason } from './always-ask';
export { alwaysAllowOptions, literalGlob } from './always-allow-options';
export {
  argumentText,
  compileApprovalRules,
  evaluateApproval,
  ruleLabel,
  FILE_TOOLS,
  SHELL_TOOL,
  type ApprovalDecision,
  type CompiledRules,
  type EvaluationContext,
} from './evaluate-rules';
export { normaliseWorkspacePath } from './file-path';
export { approvalRuleEntries, approvalRuleIds, sameApprovalRule } from './rule-entries';
export { workspacePathResolver } from './workspace-paths';
export { parseShellCommand, type CommandPart, type ParsedCommand } from './parse-command';
