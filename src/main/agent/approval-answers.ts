// A person's answer to a waiting call, from any surface: once, deny, or "always allow" a scope here or everywhere.
import type { ApprovalRule, ConfirmationAnswer, ConfirmationAnsweredResponse } from '../../shared';
import type { ConfirmationBroker, Grant } from './contracts';

export interface ApprovalAnswerDependencies {
  broker: ConfirmationBroker;
  /** Appends an allow rule to tools.approvals in harombe.yaml (comments kept) and applies it; absent: not offered. */
  saveRule?: (rule: ApprovalRule) => Promise<void>;
}

/** An answer that cannot be carried out as given: what is wrong and what to send instead. */
export class ApprovalAnswerError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'ApprovalAnswerError';
  }
}

/**
 * Undefined when the confirmation is not waiting (answered, expired, cancelled). "Always allow" keeps the chosen
 * scope's rule (saved first when everywhere, so a config that cannot be saved leaves the call waiting), then allows
 * the other waiting calls it covers.
 */
export async function answerConfirmation(
  { broker, saveRule }: ApprovalAnswerDependencies,
  confirmationId: string,
  answer: Omit<ConfirmationAnswer, 'surface'> & { surface?: ConfirmationAnswer['surface'] },
): Promise<ConfirmationAnsweredResponse | undefined> {
  const waiting = broker.pending().find((confirmation) => confirmation.confirmation_id === confirmationId);
  if (!waiting) return undefined;
  const surface = answer.surface ?? 'api';
  if (answer.decision !== 'always_allow') {
    return broker.answer(confirmationId, answer.decision, { surface }) ? { confirmation_id: confirmationId, decision: answer.decision } : undefined;
  }
  const options = waiting.always_allow_options ?? [];
  const option = answer.scope === undefined ? options[0] : options.find((candidate) => candidate.scope === answer.scope);
  if (!option) {
    const offered = options.map((candidate) => candidate.scope).join(', ');
    throw new ApprovalAnswerError(
      answer.scope === undefined || offered === ''
        ? `${waiting.description} cannot be always allowed: only a rule naming it exactly may allow it, and none can be made from this call`
        : `${waiting.description} does not offer the scope "${answer.scope}"`,
      offered === '' ? 'Answer allow_once or deny.' : `Choose one of its always_allow_options: ${offered}.`,
    );
  }
  const where = answer.where ?? 'conversation';
  if (where === 'everywhere') {
    if (!saveRule) throw new ApprovalAnswerError('Rules cannot be saved from here', 'Answer with where: "conversation", or add the rule with `harombe approvals add`.');
    await saveRule({ ...option.rule, decision: 'allow' });
  }
  const grant: Grant = { rule: option.rule, where, label: option.label, conversationId: waiting.conversation_id };
  if (!broker.answer(confirmationId, 'always_allow', { surface, grant })) return undefined;
  const alsoSettled = (await broker.settleCovered?.(grant, surface)) ?? [];
  return {
    confirmation_id: confirmationId,
    decision: 'always_allow',
    rule: option.rule,
    where,
    ...(alsoSettled.length > 0 ? { also_settled: alsoSettled } : {}),
  };
}
