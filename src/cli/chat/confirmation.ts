// Asks the person about one dangerous tool call and gives their decision to the broker (y → once, a → always, else deny).
import type { ConfirmationBroker } from '../../main/agent/contracts';
import type { ConfirmationDecision, ConfirmRequiredEvent } from '../../shared';
import type { TerminalStyle } from './terminal-style';
import { confirmationQuestion, decisionFromAnswer } from './tool-call-format';

/** Shows a question and resolves with the line typed, or undefined when the signal aborts it or input ends. */
export type AskLine = (question: string, signal: AbortSignal) => Promise<string | undefined>;

export interface ConfirmationOptions {
  broker: ConfirmationBroker;
  ask: AskLine;
  /** Where feedback lines go. */
  say: (line: string) => void;
  style: TerminalStyle;
  /** The turn's signal: Ctrl-C while asking denies the call and cancels the turn. */
  signal: AbortSignal;
}

export async function settleConfirmation(event: ConfirmRequiredEvent, options: ConfirmationOptions): Promise<ConfirmationDecision> {
  const { broker, style, say } = options;
  const question = new AbortController();
  const stopAsking = () => question.abort();
  let expired = false;
  options.signal.addEventListener('abort', stopAsking, { once: true });
  // The broker denies a confirmation nobody answers in time: stop waiting for a key then.
  const subscription = broker.onDidChange(() => {
    if (!broker.pending().some((pending) => pending.confirmation_id === event.confirmation_id)) {
      expired = true;
      question.abort();
    }
  });
  let answer: string | undefined;
  try {
    answer = options.signal.aborted ? undefined : await options.ask(confirmationQuestion(event), question.signal);
  } finally {
    subscription.dispose();
    options.signal.removeEventListener('abort', stopAsking);
  }
  if (expired) {
    say(style.dim('  no answer in time: the confirmation expired and the tool was not run'));
    return 'deny';
  }
  const decision = options.signal.aborted ? 'deny' : decisionFromAnswer(answer);
  if (!broker.answer(event.confirmation_id, decision)) {
    say(style.dim('  the confirmation had already expired: the tool was not run'));
    return 'deny';
  }
  if (decision === 'always_allow') say(style.dim(`  ${event.tool_call.name} is allowed without asking for the rest of this conversation`));
  if (decision === 'deny' && !options.signal.aborted) say(style.dim('  denied'));
  return decision;
}
