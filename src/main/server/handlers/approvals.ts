// The approvals endpoints: answering a waiting call (with "always allow" scopes), a conversation's approval mode, and the
// tools.approvals rules (list, add, remove), each change saved to harombe.yaml with its comments and applied at once.
import type {
  ApprovalModeName,
  ApprovalRule,
  ApprovalRuleEntry,
  ConfirmationAnswer,
  ConfirmationAnsweredResponse,
  ConversationApprovalModeResponse,
} from '../../../shared';
import { answerConfirmation, ApprovalAnswerError } from '../../agent/approval-answers';
import { ConfigError } from '../../config/config-problem';
import { approvalRuleEntries, sameApprovalRule } from '../../tools/approval-rules';
import { ApiError } from '../api-error';
import type { ServerServices } from '../services';

export async function listRules(services: ServerServices): Promise<{ rules: ApprovalRuleEntry[]; approval_mode: ApprovalModeName }> {
  const { tools } = services.config.get();
  return { rules: await approvalRuleEntries(tools.approvals), approval_mode: tools.approval_mode };
}

/** Saves tools.approvals as `next`: ConfigError (harombe cannot run it) is a 400, anything else a 500, nothing changed. */
async function saveRules(services: ServerServices, next: ApprovalRule[]): Promise<void> {
  const config = services.config.get();
  try {
    await services.config.update({ ...config, tools: { ...config.tools, approvals: next } });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ConfigError) throw new ApiError(400, 'invalid_request', `The rules were not changed: ${message}`, { hint: 'Fix the rule and send it again.' });
    throw new ApiError(500, 'config_not_saved', `The rules were not changed: ${message}`, {
      hint: `Check that ${services.config.path ?? 'the config file'} and its folder are writable.`,
    });
  }
}

/** Appends a rule (an identical one already there is answered as it is, not repeated). */
export async function addRule(services: ServerServices, rule: ApprovalRule): Promise<ApprovalRuleEntry> {
  const { approvals } = services.config.get().tools;
  if (!approvals.some((kept) => sameApprovalRule(kept, rule))) await saveRules(services, [...approvals, rule]);
  const listed = await listRules(services);
  return listed.rules.find((entry) => sameApprovalRule(entry, rule))!;
}

export async function removeRule(services: ServerServices, id: string): Promise<{ id: string; removed: true; rule: ApprovalRuleEntry }> {
  const before = await listRules(services);
  const gone = before.rules.find((entry) => entry.id === id);
  if (!gone) {
    throw new ApiError(404, 'rule_not_found', `No approval rule has the id "${id}"`, {
      hint: 'GET /approvals/rules (or `harombe approvals list`) lists the rules with their ids.',
    });
  }
  await saveRules(services, services.config.get().tools.approvals.filter((_, index) => index !== gone.index));
  return { id, removed: true, rule: gone };
}

export async function answer(services: ServerServices, id: string, input: ConfirmationAnswer): Promise<ConfirmationAnsweredResponse> {
  let answered: ConfirmationAnsweredResponse | undefined;
  try {
    answered = await answerConfirmation({ broker: services.confirmations, saveRule: async (rule) => void (await addRule(services, rule)) }, id, input);
  } catch (error) {
    if (error instanceof ApprovalAnswerError) throw new ApiError(400, 'invalid_scope', error.message, { hint: error.hint });
    throw error;
  }
  if (!answered) {
    throw new ApiError(404, 'confirmation_not_found', `No confirmation "${id}" is waiting`, {
      hint: 'It may have been answered already, expired, or its turn was cancelled; GET /confirmations lists the waiting ones.',
    });
  }
  return answered;
}

export async function setConversationMode(services: ServerServices, id: string, mode: ApprovalModeName | null): Promise<ConversationApprovalModeResponse> {
  const conversation = await services.conversations.get(id);
  if (!conversation) {
    throw new ApiError(404, 'conversation_not_found', `There is no conversation "${id}"`, { hint: 'GET /conversations lists the saved ones.' });
  }
  if (mode === null) delete conversation.approval_mode;
  else conversation.approval_mode = mode;
  // A turn running there switches at once (and saves the mode with its messages); the file has it now too.
  services.confirmations.changeMode?.(id, mode ?? undefined);
  await services.conversations.save(conversation);
  return { conversation_id: id, approval_mode: mode, effective_mode: mode ?? services.config.get().tools.approval_mode };
}
