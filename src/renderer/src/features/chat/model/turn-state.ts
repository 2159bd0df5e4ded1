// One exchange in a conversation (the user's message and everything the agent did to answer it) as plain data.
import type { ConfirmationDecision, RouteEvent } from '../../../../../shared/agent-events';
import type { AlwaysAllowOption, AlwaysAllowScope, AlwaysAllowWhere } from '../../../../../shared/approval-schema';
import type { Usage } from '../../../../../shared/chat-schema';
import type { FileChange } from '../../../../../shared/file-change-schema';

export type ToolCallStatus = 'running' | 'waiting' | 'succeeded' | 'failed' | 'denied';

/** A dangerous call waiting for (or answered by) a person. `gone`: answered elsewhere, timed out or cancelled. */
export interface ConfirmationView {
  confirmationId: string;
  conversationId: string;
  description: string;
  expiresAt: string;
  /** A file write's change against the current file, as the server read it when it asked. */
  fileChange?: FileChange;
  /** Why a person is asked, in the server's words. */
  askedBecause?: string;
  /** The "always allow" scopes offered, narrowest first. */
  alwaysAllowOptions?: AlwaysAllowOption[];
  state: 'pending' | 'answered' | 'gone';
  decision?: ConfirmationDecision;
  /** What "always allow" chose here: the scope (and its words) and where the rule is kept. */
  alwaysAllowed?: { scope: AlwaysAllowScope; where: AlwaysAllowWhere; label: string };
  /** Why a `gone` card stopped offering buttons, in words. */
  goneReason?: string;
}

export interface ToolCallView {
  id: string;
  name: string;
  arguments: unknown;
  dangerous: boolean;
  /** The MCP server the call goes to; absent for the built-ins. */
  server?: string;
  status: ToolCallStatus;
  output?: string;
  ms?: number;
  confirmation?: ConfirmationView;
}

export type TurnPart = { kind: 'text'; text: string } | { kind: 'tool'; call: ToolCallView };

export type TurnStatus = 'streaming' | 'done' | 'cancelled' | 'failed';

export interface TurnError {
  code: string;
  message: string;
  hint?: string;
}

export interface TurnState {
  /** Stable within this tab (React key, store key). */
  id: string;
  userText: string;
  status: TurnStatus;
  parts: TurnPart[];
  conversationId?: string;
  /** Where this turn's user message sits in the saved conversation (the server's `start` event says). */
  messageIndex?: number;
  route?: RouteEvent;
  /** The model this turn asked for (the composer's picker); absent: the configured one. */
  model?: string;
  usage?: Usage;
  error?: TurnError;
  /** Epoch ms; absent for turns read back from a saved conversation. */
  startedAt?: number;
  firstTokenAt?: number;
  finishedAt?: number;
  /** Stop was pressed in this tab: a cancelled turn without it was stopped by the server or another client. */
  stopRequested?: boolean;
  /** Token events received: a rate when the backend reports no usage. */
  tokenEvents: number;
}

export function newTurn(id: string, userText: string, startedAt: number, conversationId?: string): TurnState {
  return { id, userText, status: 'streaming', parts: [], startedAt, tokenEvents: 0, ...(conversationId ? { conversationId } : {}) };
}

/** The answer's text so far (every text part, in order). */
export function turnText(turn: TurnState): string {
  return turn.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

export interface TurnTimings {
  durationMs?: number;
  tokensPerSecond?: number;
}

/** Duration of the whole turn, and generation speed from the first token to the end. */
export function turnTimings(turn: TurnState): TurnTimings {
  if (turn.startedAt === undefined || turn.finishedAt === undefined) return {};
  const durationMs = turn.finishedAt - turn.startedAt;
  const generated = turn.usage?.completion_tokens ?? turn.tokenEvents;
  const generatingMs = turn.firstTokenAt === undefined ? 0 : turn.finishedAt - turn.firstTokenAt;
  return { durationMs, ...(generated > 0 && generatingMs > 0 ? { tokensPerSecond: (generated * 1000) / generatingMs } : {}) };
}
