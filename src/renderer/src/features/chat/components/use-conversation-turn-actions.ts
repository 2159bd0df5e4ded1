// The open conversation's exchange actions (edit, regenerate) and Retry, each a turn that replaces the saved history
// from its message on (POST /chat/stream with replace_from), so nothing is saved twice.
import type { QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { startTurn } from '../api/turn-runner';
import type { TurnState } from '../model/turn-state';
import type { LiveTurn } from '../stores/chat-store';
import type { TurnActions } from './turn-actions';

export function useConversationTurnActions(
  conversationId: string | undefined,
  lastHistoryTurnId: string | undefined,
  liveTurns: readonly LiveTurn[],
  queryClient: QueryClient,
): TurnActions {
  const busy = liveTurns.some((turn) => turn.status === 'streaming');
  const lastTurnId = liveTurns.at(-1)?.id ?? lastHistoryTurnId;
  // Changes only with busy / the last exchange (the view is keyed on its conversation), not with every token.
  return useMemo<TurnActions>(
    () => ({
      busy,
      lastTurnId,
      replace(turn: TurnState, text: string) {
        const conversation = turn.conversationId ?? conversationId;
        if (conversation === undefined || turn.messageIndex === undefined) return;
        startTurn({ conversationId: conversation, message: text, baseMessageCount: turn.messageIndex, replaceFrom: turn.messageIndex, queryClient });
      },
    }),
    [busy, lastTurnId, conversationId, queryClient],
  );
}

/** Retry a failed turn: replace its saved message when the server saved it (it said where), else send it again. */
export function retry(actions: TurnActions, turn: TurnState, resend: (message: string) => void): void {
  if (turn.messageIndex !== undefined && turn.conversationId !== undefined) actions.replace(turn, turn.userText);
  else resend(turn.userText);
}
