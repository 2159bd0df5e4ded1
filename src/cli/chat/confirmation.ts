// Asks the person about one tool call and gives their answer to the engine: y → once, a → always (which scope, and
// here or everywhere), anything else → deny.
import type { ConfirmationBroker } from '../../main/agent/contracts';
import type { TerminalAnswer } from '../../main/engine';
import type { ConfirmationDecision, ConfirmRequiredEvent } from '../../shared';
import { stripControlCharacters } from './safe-text';
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
  /** The engine's answer with a scope (ChatEngine.answerConfirmation); without it only the decision reaches the broker. */
  answer?: (confirmationId: string, answer: TerminalAnswer) => Promise<boolean>;
}

/** After "a": which of the offered scopes, and whether only in this conversation or saved everywhere. */
async function chooseScope(event: ConfirmRequiredEvent, options: ConfirmationOptions, signal: AbortSignal): Promise<TerminalAnswer | undefined> {
  const { say, style } = options;
  const offered = event.always_allow_options ?? [];
  if (offered.length === 0) {
    say(style.dim('  this call cannot be always allowed (only a rule naming it exactly could): allowed once'));
    return { decision: 'allow_once' };
  }
  say(style.bold('  Always allow:'));
  offered.forEach((option, index) => say(`    ${index + 1}  ${stripControlCharacters(option.label)}`));
  const picked = (await options.ask(`  Which? [1-${offered.length}, Enter = 1] `, signal))?.trim() ?? undefined;
  if (picked === undefined) return undefined;
  const option = picked === '' ? offered[0] : offered[Number(picked) - 1];
  if (!option) return undefined;
  const where = (await options.ask('  Where? [c]onversation / [e]verywhere (saved to harombe.yaml) [c] ', signal))?.trim().toLowerCase();
  if (where === undefined) return undefined;
  return { decision: 'always_allow', scope: option.scope, where: where === 'e' || where === 'everywhere' ? 'everywhere' : 'conversation' };
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
  let chosen: TerminalAnswer;
  try {
    if (event.asked_because) say(style.dim(`  asked because ${stripControlCharacters(event.asked_because)}`));
    const typed = options.signal.aborted ? undefined : await options.ask(confirmationQuestion(event), question.signal);
    const decision = options.signal.aborted ? 'deny' : decisionFromAnswer(typed);
    chosen = decision === 'always_allow' && options.answer ? ((await chooseScope(event, options, question.signal)) ?? { decision: 'deny' }) : { decision };
  } finally {
    subscription.dispose();
    options.signal.removeEventListener('abort', stopAsking);
  }
  if (expired) {
    say(style.dim('  no answer in time: the confirmation expired and the tool was not run'));
    return 'deny';
  }
  if (options.signal.aborted) chosen = { decision: 'deny' };
  let answered: boolean;
  try {
    answered = options.answer ? await options.answer(event.confirmation_id, chosen) : broker.answer(event.confirmation_id, chosen.decision);
  } catch (error) {
    // A scope that could not be kept (harombe.yaml not saved): say why and allow nothing.
    say(style.red(`  ${error instanceof Error ? error.message : String(error)}: denied`));
    broker.answer(event.confirmation_id, 'deny');
    return 'deny';
  }
  if (!answered) {
    say(style.dim('  the confirmation had already expired: the tool was not run'));
    return 'deny';
  }
  if (chosen.decision === 'always_allow') say(style.dim(`  ${alwaysWords(event, chosen)}`));
  if (chosen.decision === 'deny' && !options.signal.aborted) say(style.dim('  denied'));
  return chosen.decision;
}

function alwaysWords(event: ConfirmRequiredEvent, chosen: TerminalAnswer): string {
  const option = event.always_allow_options?.find((candidate) => candidate.scope === chosen.scope);
  const what = option ? stripControlCharacters(option.label) : `${event.tool_call.name}`;
  return chosen.where === 'everywhere'
    ? `allowed without asking from now on, everywhere: ${what} (saved to harombe.yaml)`
    : `allowed without asking for the rest of this conversation: ${what}`;
}
