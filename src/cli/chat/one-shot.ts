// `harombe chat -m "..."` for scripts: one turn, the answer (or every event as JSON lines) on stdout, notes on stderr.
import type { Attendance } from '../../main/agent/contracts';
import type { AgentEvent, ApprovalModeName } from '../../shared';
import { EXIT_FAILURE, EXIT_OK } from '../cli-error';
import { asInvoked } from '../invocation';
import { TRUSTED_WARNING } from './approval-mode-text';
import { settleConfirmation, type AskLine } from './confirmation';
import type { ChatEngine } from './engine';
import { stripControlCharacters } from './safe-text';
import type { TerminalStyle } from './terminal-style';
import { describeToolCall } from './tool-call-format';

/** Exit code of a turn cancelled with Ctrl-C (128 + SIGINT, as shells report it). */
export const EXIT_CANCELLED = 130;

export interface OneShotOptions {
  engine: ChatEngine;
  message: string;
  conversationId?: string;
  /** Print every agent event as one JSON line instead of the answer. */
  json: boolean;
  /** 'allow' with --yes, 'deny' without a terminal, 'ask' when one is attached. */
  attendance: Attendance;
  /** --mode: the approval mode for this turn (kept on the conversation). */
  approvalMode?: ApprovalModeName;
  output: NodeJS.WritableStream;
  errorOutput: NodeJS.WritableStream;
  /** How to ask about a dangerous tool call when approval is 'ask'. */
  ask?: AskLine;
  /** Ctrl-C: cancels the turn. */
  signal?: AbortSignal;
  /** Styles for stderr. */
  style: TerminalStyle;
}

export async function runOneShot(options: OneShotOptions): Promise<number> {
  const { engine, errorOutput, style } = options;
  const signal = options.signal ?? new AbortController().signal;
  const note = (line: string) => errorOutput.write(`${line}\n`);
  const fail = (message: string, hint?: string) => {
    note(style.red(`error: ${stripControlCharacters(message)}`));
    if (hint) note(`  ${asInvoked(stripControlCharacters(hint))}`);
    return EXIT_FAILURE;
  };
  for (const warning of engine.warnings) note(style.yellow(`warning: ${asInvoked(warning)}`));
  if (options.approvalMode === 'trusted') note(style.alarm(TRUSTED_WARNING));

  try {
    const events = engine.runner.runTurn({
      conversationId: options.conversationId,
      message: options.message,
      attendance: options.attendance,
      ...(options.approvalMode ? { approvalMode: options.approvalMode } : {}),
      signal,
    });
    for await (const event of events) {
      if (options.json) options.output.write(`${JSON.stringify(event)}\n`);
      switch (event.type) {
        case 'tool_call':
          if (event.dangerous) noteDangerousCall(event, options, note);
          break;
        case 'confirm_required':
          if (options.ask) {
            await settleConfirmation(event, {
              broker: engine.broker,
              ask: options.ask,
              say: note,
              style,
              signal,
              ...(engine.answerConfirmation ? { answer: engine.answerConfirmation.bind(engine) } : {}),
            });
          } else {
            engine.broker.answer(event.confirmation_id, 'deny');
            // In 'deny' mode the tool_call note already said so.
            if (options.attendance !== 'deny') note(`denied ${stripControlCharacters(event.description)} (nobody to ask)`);
          }
          break;
        case 'done':
          if (!options.json && event.response) {
            const answer = stripControlCharacters(event.response);
            options.output.write(answer.endsWith('\n') ? answer : `${answer}\n`);
          }
          if (event.cancelled) note('cancelled');
          return event.cancelled ? EXIT_CANCELLED : EXIT_OK;
        case 'error':
          return fail(event.message, event.hint);
      }
    }
  } catch (error) {
    if (!signal.aborted) return fail(error instanceof Error ? error.message : String(error));
  }
  if (signal.aborted) {
    note('cancelled');
    return EXIT_CANCELLED;
  }
  return fail('the assistant stopped without finishing its answer', 'try again; if it keeps happening, run `harombe doctor`');
}

/** Says on stderr what happens to a dangerous call without a question: approved by --yes, or denied. */
function noteDangerousCall(event: Extract<AgentEvent, { type: 'tool_call' }>, options: OneShotOptions, note: (line: string) => void): void {
  const what = stripControlCharacters(describeToolCall(event.name, event.arguments));
  if (!options.engine.confirmDangerous) note(`running ${what} without asking (tools.confirm_dangerous is false)`);
  else if (options.attendance === 'allow') note(`approved ${what} (--yes)`);
  else if (options.attendance === 'deny') note(`denied ${what} (no terminal to ask; rerun with --yes to allow dangerous tools)`);
}
