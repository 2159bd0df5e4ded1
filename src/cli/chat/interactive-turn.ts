// Runs one turn for the interactive chat: streams it through the printer and asks about dangerous tool calls.
import type { Attendance } from '../../main/agent/contracts';
import type { ApprovalModeName } from '../../shared';
import type { AskLine } from './confirmation';
import { settleConfirmation } from './confirmation';
import type { ChatEngine } from './engine';
import type { TurnPrinter } from './turn-printer';
import type { TerminalStyle } from './terminal-style';

export interface InteractiveTurnOptions {
  engine: ChatEngine;
  printer: TurnPrinter;
  style: TerminalStyle;
  ask: AskLine;
  message: string;
  conversationId: string | undefined;
  attendance: Attendance;
  /** The approval mode chosen in this chat (--mode, /mode): sent with the turn and kept on the conversation. */
  approvalMode?: ApprovalModeName;
  /** Aborted by Ctrl-C: the turn stops, what was said is kept. */
  signal: AbortSignal;
}

export type TurnStatus = 'done' | 'cancelled' | 'error';

export interface TurnOutcome {
  status: TurnStatus;
  /** The conversation the turn belongs to (new or continued), when the agent said. */
  conversationId: string | undefined;
}

export async function runInteractiveTurn(options: InteractiveTurnOptions): Promise<TurnOutcome> {
  const { engine, printer, signal } = options;
  let conversationId = options.conversationId;
  try {
    const events = engine.runner.runTurn({
      conversationId,
      message: options.message,
      attendance: options.attendance,
      ...(options.approvalMode ? { approvalMode: options.approvalMode } : {}),
      signal,
    });
    for await (const event of events) {
      switch (event.type) {
        case 'token':
          // After Ctrl-C the agent may still flush a little; the person asked for quiet.
          if (!signal.aborted) printer.token(event.text);
          break;
        case 'route':
          printer.route(event);
          break;
        case 'tool_call':
          await printer.toolCall(event);
          break;
        case 'confirm_required':
          conversationId = event.conversation_id;
          await printer.endText();
          await settleConfirmation(event, {
            broker: engine.broker,
            ask: options.ask,
            say: (line) => printer.line(line),
            style: options.style,
            signal,
            ...(engine.answerConfirmation ? { answer: engine.answerConfirmation.bind(engine) } : {}),
          });
          break;
        case 'tool_result':
          await printer.toolResult(event);
          break;
        case 'done':
          await printer.done(event);
          return { status: event.cancelled ? 'cancelled' : 'done', conversationId: event.conversation_id };
        case 'error':
          await printer.error(event);
          return { status: 'error', conversationId };
      }
    }
  } catch (error) {
    if (!signal.aborted) {
      await printer.error({ message: error instanceof Error ? error.message : String(error) });
      return { status: 'error', conversationId };
    }
  }
  // The stream ended without `done` (or threw because it was aborted).
  await printer.endText();
  if (signal.aborted) {
    printer.cancelled();
    return { status: 'cancelled', conversationId };
  }
  await printer.error({ message: 'the assistant stopped without finishing its answer', hint: 'try again; if it keeps happening, run `harombe doctor`' });
  return { status: 'error', conversationId };
}
