// The pure fold of a turn's stream: each agent event (and each local happening) → the next TurnState.
import type { AgentEvent, ConfirmationDecision } from '../../../../../shared/agent-events';
import { mcpServerOf } from '../../../lib/mcp-tool-name';
import type { ConfirmationView, ToolCallView, TurnPart, TurnState } from './turn-state';

export type TurnAction =
  | AgentEvent
  | { type: 'confirmation_answered'; confirmationId: string; decision: ConfirmationDecision; always?: ConfirmationView['alwaysAllowed'] }
  /** The server no longer waits on it (answered in another window, timed out, turn cancelled). */
  | { type: 'confirmation_gone'; confirmationId: string; reason: string }
  /** The stream broke before `done` or `error` (server gone, network down, HTTP error). */
  | { type: 'stream_failed'; code: string; message: string; hint?: string }
  /** This tab hung up (Stop before the conversation had an id): the server keeps what was said. */
  | { type: 'stream_aborted' }
  /** The person pressed Stop here (a cancel without it came from the server or another client). */
  | { type: 'stop_requested' };

const SETTLED = new Set(['done', 'cancelled', 'failed']);

function mapCall(parts: TurnPart[], id: string, change: (call: ToolCallView) => ToolCallView): TurnPart[] {
  return parts.map((part) => (part.kind === 'tool' && part.call.id === id ? { kind: 'tool', call: change(part.call) } : part));
}

function mapConfirmation(parts: TurnPart[], confirmationId: string, change: (call: ToolCallView) => ToolCallView): TurnPart[] {
  return parts.map((part) =>
    part.kind === 'tool' && part.call.confirmation?.confirmationId === confirmationId ? { kind: 'tool', call: change(part.call) } : part,
  );
}

function appendText(parts: TurnPart[], text: string): TurnPart[] {
  const last = parts.at(-1);
  if (last?.kind === 'text') return [...parts.slice(0, -1), { kind: 'text', text: last.text + text }];
  return [...parts, { kind: 'text', text }];
}

/** A refused call whose card was still waiting: someone else answered it, or it timed out. */
function goneReasonFor(output: string): string {
  if (/^No one approved/.test(output)) return 'Timed out: no one answered in time, so it did not run.';
  if (/cancelled/.test(output)) return 'The turn was cancelled, so it did not run.';
  return 'Denied elsewhere (another window or the CLI).';
}

function settleWaitingCalls(parts: TurnPart[], reason: string): TurnPart[] {
  return parts.map((part) => {
    if (part.kind !== 'tool' || (part.call.status !== 'waiting' && part.call.status !== 'running')) return part;
    const confirmation = part.call.confirmation?.state === 'pending' ? { ...part.call.confirmation, state: 'gone' as const, goneReason: reason } : part.call.confirmation;
    return { kind: 'tool', call: { ...part.call, status: 'failed', ...(confirmation ? { confirmation } : {}) } };
  });
}

function finish(state: TurnState, at: number, patch: Partial<TurnState>): TurnState {
  return { ...state, ...patch, finishedAt: at };
}

/** `at` is the time the action arrived (epoch ms), passed in so the reducer stays pure. */
export function reduceTurn(state: TurnState, action: TurnAction, at: number): TurnState {
  if (SETTLED.has(state.status) && action.type !== 'confirmation_gone' && action.type !== 'confirmation_answered') return state;
  switch (action.type) {
    case 'route':
      return { ...state, route: action };
    case 'start':
      return { ...state, conversationId: action.conversation_id, messageIndex: action.message_index };
    case 'token':
      return {
        ...state,
        parts: appendText(state.parts, action.text),
        tokenEvents: state.tokenEvents + 1,
        firstTokenAt: state.firstTokenAt ?? at,
      };
    case 'tool_call': {
      // The event names the server; a server__tool name says it too (from a server that does not send it).
      const server = action.server ?? mcpServerOf(action.name);
      return {
        ...state,
        parts: [
          ...state.parts,
          {
            kind: 'tool',
            call: { id: action.id, name: action.name, arguments: action.arguments, dangerous: action.dangerous, status: 'running', ...(server ? { server } : {}) },
          },
        ],
      };
    }
    case 'confirm_required':
      return {
        ...state,
        conversationId: action.conversation_id,
        parts: mapCall(state.parts, action.tool_call.id, (call) => ({
          ...call,
          status: 'waiting',
          confirmation: {
            confirmationId: action.confirmation_id,
            conversationId: action.conversation_id,
            description: action.description,
            expiresAt: action.expires_at,
            ...(action.file_change ? { fileChange: action.file_change } : {}),
            ...(action.asked_because ? { askedBecause: action.asked_because } : {}),
            ...(action.always_allow_options ? { alwaysAllowOptions: action.always_allow_options } : {}),
            state: 'pending',
          },
        })),
      };
    case 'confirmation_answered':
      return {
        ...state,
        parts: mapConfirmation(state.parts, action.confirmationId, (call) => ({
          ...call,
          status: action.decision === 'deny' ? 'denied' : 'running',
          confirmation: { ...call.confirmation!, state: 'answered', decision: action.decision, ...(action.always ? { alwaysAllowed: action.always } : {}) },
        })),
      };
    case 'confirmation_gone':
      return {
        ...state,
        parts: mapConfirmation(state.parts, action.confirmationId, (call) =>
          call.confirmation === undefined || call.confirmation.state === 'gone' || call.output !== undefined
            ? call
            : { ...call, confirmation: { ...call.confirmation, state: 'gone', goneReason: action.reason } },
        ),
      };
    case 'tool_result':
      return {
        ...state,
        parts: mapCall(state.parts, action.id, (call) => {
          const denied = call.confirmation?.decision === 'deny' || (call.confirmation !== undefined && !action.ok && call.confirmation.state !== 'answered');
          const confirmation =
            call.confirmation?.state === 'pending'
              ? { ...call.confirmation, state: 'gone' as const, goneReason: action.ok ? 'Allowed elsewhere (another window or the CLI).' : goneReasonFor(action.output) }
              : call.confirmation;
          return {
            ...call,
            status: action.ok ? 'succeeded' : denied ? 'denied' : 'failed',
            output: action.output,
            ms: action.ms,
            ...(confirmation ? { confirmation } : {}),
          };
        }),
      };
    case 'done':
      return finish(state, at, {
        status: action.cancelled ? 'cancelled' : 'done',
        conversationId: action.conversation_id,
        parts: action.cancelled ? settleWaitingCalls(state.parts, 'The turn was stopped, so it did not run.') : state.parts,
        ...(action.usage ? { usage: action.usage } : {}),
      });
    case 'error':
      return finish(state, at, {
        status: 'failed',
        parts: settleWaitingCalls(state.parts, 'The turn failed before it ran.'),
        error: { code: action.code, message: action.message, ...(action.hint ? { hint: action.hint } : {}) },
      });
    case 'stream_failed':
      return finish(state, at, {
        status: 'failed',
        parts: settleWaitingCalls(state.parts, 'The connection broke before it ran.'),
        error: { code: action.code, message: action.message, ...(action.hint ? { hint: action.hint } : {}) },
      });
    case 'stop_requested':
      return { ...state, stopRequested: true };
    case 'stream_aborted':
      return finish(state, at, { status: 'cancelled', parts: settleWaitingCalls(state.parts, 'The turn was stopped, so it did not run.') });
  }
}
