// Runs one chat turn, or rejoins one already running: reads its events (the one SSE reader) into the store, tokens batched per frame.
import type { QueryClient } from '@tanstack/react-query';
import type { AgentEvent } from '../../../../../shared/agent-events';
import type { ChatTurnRequest } from '../../../../../shared/api-contract';
import type { ChatMessage } from '../../../../../shared/chat-schema';
import { ApiRequestError } from '../../../../../shared/api-client';
import { api } from '../../../lib/api';
import type { TurnAction } from '../model/turn-reducer';
import { newTurn } from '../model/turn-state';
import { findTurn, NEW_CONVERSATION, useChatStore } from '../stores/chat-store';
import { chatKeys } from './conversation-queries';

const running = new Map<string, AbortController>();
/** A reload mid-answer closes the stream: the server keeps the turn this long for the reloaded page to rejoin it. */
const REJOIN_GRACE_MS = 15_000;
/** Stop before a turn named its conversation: how long to wait for its start event before hanging up. */
const NO_START_HANG_UP_MS = 3_000;
let nextTurn = 0;

const nextFrame: (callback: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (callback) => requestAnimationFrame(() => callback()) : (callback) => setTimeout(callback, 16);

/** Why a stream broke, as something a person can act on. */
export function streamFailure(error: unknown): Extract<TurnAction, { type: 'stream_failed' }> {
  if (error instanceof ApiRequestError) {
    return { type: 'stream_failed', code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  return {
    type: 'stream_failed',
    code: 'connection_lost',
    message: 'The connection to the harombe server broke.',
    hint: 'Is harombe still running? `harombe status` says; start it again with `harombe start`, then Retry.',
  };
}

export interface StartTurn {
  conversationId: string | undefined;
  message: string;
  baseMessageCount: number;
  queryClient: QueryClient;
  /** Edit, regenerate, retry: the index of the saved user message this turn replaces (with all after it). */
  replaceFrom?: number;
}

/** Starts a turn and returns its id; the store holds its state as events arrive. */
export function startTurn({ conversationId, message, baseMessageCount, queryClient, replaceFrom }: StartTurn): string {
  const store = useChatStore.getState();
  const turnId = `turn-${Date.now()}-${nextTurn++}`;
  const model = store.nextModel;
  // A mode picked here goes with the turn (a new conversation has nowhere else to keep it yet).
  const approvalMode = store.approvalModes[conversationId ?? NEW_CONVERSATION];
  // The model asked for is the one that answers: the meta under the answer names it, not the configured one.
  const turn = { ...newTurn(turnId, message, Date.now(), conversationId), ...(model ? { model } : {}) };
  const replacing = replaceFrom !== undefined && conversationId !== undefined;
  if (replacing) store.replaceTurns(conversationId, replaceFrom, turn);
  else store.addTurn(conversationId ?? NEW_CONVERSATION, { ...turn, baseMessageCount });
  const controller = new AbortController();
  const input: ChatTurnRequest = {
    message,
    ...(conversationId ? { conversation_id: conversationId } : {}),
    ...(replacing ? { replace_from: replaceFrom } : {}),
    ...(model ? { model } : {}),
    ...(approvalMode ? { approval_mode: approvalMode } : {}),
    rejoin_grace_ms: REJOIN_GRACE_MS,
  };
  void readTurn(turnId, api().stream('chat.stream', { input, signal: controller.signal }), controller, queryClient);
  return turnId;
}

/**
 * Folds a turn's events into its state in the store (the one SSE reader: /chat/stream, or /conversations/:id/events
 * for a turn rejoined after a reload), tokens batched per animation frame. `first` was read already (a rejoined
 * turn's start). Ends by marking the conversations stale, and the turn failed if it never finished.
 */
async function readTurn(
  turnId: string,
  events: AsyncIterable<AgentEvent>,
  controller: AbortController,
  queryClient: QueryClient,
  first?: AgentEvent,
): Promise<void> {
  running.set(turnId, controller);
  let pending: TurnAction[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const located = findTurn(turnId);
    if (located && pending.length > 0) useChatStore.getState().applyToTurn(located.conversation, turnId, pending, Date.now());
    pending = [];
  };
  const dispatch = (action: TurnAction, batch: boolean) => {
    pending.push(action);
    if (!batch) return flush();
    if (!scheduled) {
      scheduled = true;
      nextFrame(flush);
    }
  };
  try {
    if (first) dispatch(first, false);
    for await (const event of events) {
      dispatch(event, event.type === 'token');
      // Every turn names its conversation first: a new one's turns move under it at once.
      if (event.type === 'start' && findTurn(turnId)?.conversation === NEW_CONVERSATION) {
        flush();
        useChatStore.getState().adoptConversation(event.conversation_id);
      }
      // Stop was pressed before the turn had an id (hanging up then only cancels after the rejoin grace): cancel it now.
      if (event.type === 'start' && findTurn(turnId)?.turn.stopRequested) {
        void api().call('conversations.cancel', { params: { id: event.conversation_id } }).catch(() => undefined);
      }
    }
    flush();
  } catch (error) {
    dispatch(controller.signal.aborted ? { type: 'stream_aborted' } : streamFailure(error), false);
  } finally {
    running.delete(turnId);
    // First: the saved conversation is what the page shows next, whatever happens below.
    void queryClient.invalidateQueries({ queryKey: chatKeys.conversations });
    const settled = findTurn(turnId);
    if (settled?.turn.status === 'streaming') dispatch(streamFailure(undefined), false);
  }
}

/** Conversations whose running turn this tab is rejoining (or has rejoined): each is followed once. */
const following = new Set<string>();

export interface FollowTurn {
  conversationId: string;
  /** The saved messages as last read: the rejoined turn's user message is among them (saved when the turn began). */
  messages: readonly ChatMessage[];
  queryClient: QueryClient;
}

/**
 * Rejoins the turn running in a conversation this tab is not reading (a reload, another client's turn): its events so
 * far, then live, into a live turn after the history, as if this tab had started it. Nothing happens when none runs.
 */
export function followTurn({ conversationId, messages, queryClient }: FollowTurn): void {
  if (following.has(conversationId)) return;
  following.add(conversationId);
  const controller = new AbortController();
  void (async () => {
    const events = api().stream('conversations.events', { params: { id: conversationId }, signal: controller.signal });
    let first: AgentEvent | undefined;
    try {
      first = (await events.next()).value ?? undefined;
    } catch {
      // 404: it ended meanwhile; the saved conversation has it.
    }
    // A turn this tab already shows (its own, or one followed a moment ago, read back before the server forgot it).
    const shown = first?.type === 'start' && (useChatStore.getState().liveTurns[conversationId] ?? []).some((turn) => turn.messageIndex === first.message_index);
    if (first?.type !== 'start' || shown) {
      controller.abort();
      following.delete(conversationId);
      void queryClient.invalidateQueries({ queryKey: chatKeys.conversation(conversationId) });
      return;
    }
    const turnId = `turn-${Date.now()}-${nextTurn++}`;
    const userMessage = messages[first.message_index];
    const userText = userMessage?.role === 'user' ? userMessage.content : '';
    useChatStore.getState().addTurn(conversationId, { ...newTurn(turnId, userText, Date.now(), conversationId), baseMessageCount: first.message_index });
    await readTurn(turnId, events, controller, queryClient, first);
    following.delete(conversationId);
  })();
}

/** Stop: the server cancels the turn (keeping what was said), as soon as the turn says which conversation it runs in. */
export async function stopTurn(turnId: string): Promise<void> {
  const located = findTurn(turnId);
  if (located) recordInTurn(located.conversation, turnId, { type: 'stop_requested' });
  const conversationId = located?.turn.conversationId;
  if (conversationId) {
    try {
      await api().call('conversations.cancel', { params: { id: conversationId } });
      return;
    } catch {
      // Fall through: hanging up cancels the turn as well.
    }
    running.get(turnId)?.abort();
  }
  // No id yet: the turn's start event (it comes first) says where to cancel it, and readTurn does so — hanging up
  // would leave the server's turn running through its rejoin grace. A server that sends nothing is hung up on.
  setTimeout(() => {
    if (findTurn(turnId)?.turn.conversationId === undefined) running.get(turnId)?.abort();
  }, NO_START_HANG_UP_MS);
}

export function isTurnRunning(turnId: string): boolean {
  return running.has(turnId);
}

/** Records something that happened in this tab (an approval answered, a card gone stale) in a live turn. */
export function recordInTurn(conversation: string, turnId: string, action: TurnAction): void {
  useChatStore.getState().applyToTurn(conversation, turnId, [action], Date.now());
}
