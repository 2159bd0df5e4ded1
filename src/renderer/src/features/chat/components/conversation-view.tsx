// The open conversation: saved history, this tab's live turns after it (a running turn it did not start is rejoined
// live), and approvals that a turn run by another client waits for here — listed by GET /confirmations, so they survive a reload.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConfirmationDecision } from '../../../../../shared/agent-events';
import type { PendingConfirmation } from '../../../../../shared/conversation-schema';
import { ConnectedApprovalCard, usePendingConfirmations, type AlwaysAllowChoice } from '../../approvals';
import { mcpServerOf } from '../../../lib/mcp-tool-name';
import { useConversation, useModels } from '../api/conversation-queries';
import { followTurn, startTurn } from '../api/turn-runner';
import { historyTurns } from '../model/history-turns';
import { turnText } from '../model/turn-state';
import { NEW_CONVERSATION, useChatStore, type LiveTurn } from '../stores/chat-store';
import { MessageList } from './message-list';
import { TurnActionsProvider } from './turn-actions';
import { retry, useConversationTurnActions } from './use-conversation-turn-actions';
import { TurnView } from './turn-view';

const NO_TURNS: LiveTurn[] = [];

export function ConversationView({ conversationKey }: { conversationKey: string }) {
  const conversationId = conversationKey === NEW_CONVERSATION ? undefined : conversationKey;
  const pending = usePendingConfirmations();
  // Approvals answered here for a turn another client runs: shown answered until the saved conversation has the result.
  const [answeredHere, setAnsweredHere] = useState<Record<string, { item: PendingConfirmation; decision: ConfirmationDecision; always?: AlwaysAllowChoice | undefined }>>({});
  const waitingHere = (pending.data?.confirmations ?? []).some((item) => item.conversation_id === conversationId);
  const conversation = useConversation(conversationId);
  const liveTurns = useChatStore((state) => state.liveTurns[conversationKey] ?? NO_TURNS);
  const models = useModels();
  const queryClient = useQueryClient();

  // A turn runs here that this tab does not read (it was reloaded mid-answer, or another client runs it): rejoin its
  // events — those so far, then live — rather than poll the saved conversation.
  const readingHere = liveTurns.some((turn) => turn.status === 'streaming');
  const runningThere = conversation.data?.running === true || waitingHere;
  const savedMessages = conversation.data?.messages;
  useEffect(() => {
    if (conversationId === undefined || savedMessages === undefined || readingHere || !runningThere) return;
    followTurn({ conversationId, messages: savedMessages, queryClient });
  }, [conversationId, savedMessages, readingHere, runningThere, queryClient]);
  const bottom = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);

  // Keyed on the base count, not the live turns: streaming tokens must not rebuild (and re-render) the history.
  const liveBase = liveTurns[0]?.baseMessageCount;
  const history = useMemo(() => {
    if (!conversation.data) return [];
    return historyTurns(conversation.data.id, conversation.data.messages.slice(0, liveBase ?? conversation.data.messages.length));
  }, [conversation.data, liveBase]);


  const shownConfirmations = new Set(
    liveTurns.flatMap((turn) => turn.parts.flatMap((part) => (part.kind === 'tool' && part.call.confirmation ? [part.call.confirmation.confirmationId] : []))),
  );
  const waitingElsewhere = (pending.data?.confirmations ?? []).filter(
    (item) => item.conversation_id === conversationId && !shownConfirmations.has(item.confirmation_id) && !(item.confirmation_id in answeredHere),
  );
  // Read once per saved conversation, not per streaming frame (a 1,000-message conversation re-scanned 60 times a second).
  const savedToolCalls = conversation.data?.messages;
  const settledToolCalls = useMemo(() => new Set((savedToolCalls ?? []).flatMap((message) => (message.role === 'tool' ? [message.tool_call_id] : []))), [savedToolCalls]);
  const stillAnswered = Object.values(answeredHere).filter(({ item }) => !settledToolCalls.has(item.tool_call.id));

  const lastLive = liveTurns.at(-1);
  const lastText = lastLive ? turnText(lastLive) : '';
  // Follow the answer only while the reader is at the bottom; scrolling up to read stops the following.
  const following = useRef(true);
  useEffect(() => {
    following.current = true;
  }, [liveTurns.length]);
  const followBottom = useCallback(() => {
    if (following.current) bottom.current?.scrollIntoView({ block: 'end' });
  }, []);
  useEffect(followBottom, [followBottom, history.length, liveTurns.length, lastText.length, lastLive?.parts.length]);
  const onScroll = (event: React.UIEvent<HTMLDivElement>) => {
    const element = event.currentTarget;
    following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
  };

  const resend = (message: string) =>
    startTurn({ conversationId: lastLive?.conversationId ?? conversationId, message, baseMessageCount: liveTurns[0]?.baseMessageCount ?? conversation.data?.messages.length ?? 0, queryClient });
  const turnActions = useConversationTurnActions(conversationId, history.at(-1)?.id, liveTurns, queryClient);

  const model = models.data?.configured;
  const empty = history.length === 0 && liveTurns.length === 0 && waitingElsewhere.length === 0 && stillAnswered.length === 0;
  return (
    <TurnActionsProvider value={turnActions}>
    <div ref={scroller} className="conversation" aria-label="Conversation" onScroll={onScroll}>
      {conversation.isError && liveTurns.length === 0 && (
        <p className="conversation-notice" role="alert">
          This conversation could not be loaded: {conversation.error.message}
        </p>
      )}
      {empty && !conversation.isLoading && (
        <div className="conversation-empty">
          <h2>What can I do for you?</h2>
          <p>Ask anything. harombe can run shell commands and edit files in its workspace — it asks you first.</p>
        </div>
      )}
      {history.length > 0 && <MessageList turns={history} scrollRef={scroller} model={model} totalCount={history.length + liveTurns.length} onResize={followBottom} />}
      {liveTurns.map((turn, index) => {
        const isLast = turn === lastLive;
        return (
          <TurnView
            key={turn.id}
            turn={turn}
            position={history.length + index + 1}
            setSize={history.length + liveTurns.length}
            storeKey={conversationKey}
            model={model}
            {...(isLast && turn.status === 'failed' ? { onRetry: () => retry(turnActions, turn, resend) } : {})}
            {...(isLast && turn.status === 'cancelled' ? { onContinue: () => resend('Continue') } : {})}
          />
        );
      })}
      {[
        ...stillAnswered.map((entry) => ({ ...entry, state: 'answered' as const })),
        ...waitingElsewhere.map((item) => ({ item, decision: undefined, always: undefined, state: 'pending' as const })),
      ].map(({ item, decision, always, state }) => (
        <ConnectedApprovalCard
          key={item.confirmation_id}
          confirmationId={item.confirmation_id}
          toolName={item.tool_call.name}
          toolArguments={item.tool_call.arguments}
          description={item.description}
          askedBecause={item.asked_because}
          server={mcpServerOf(item.tool_call.name)}
          alwaysAllowOptions={item.always_allow_options}
          fileChange={item.file_change}
          state={state}
          decision={decision}
          alwaysAllowed={always}
          onAnswered={(answer, chosen) => setAnsweredHere((current) => ({ ...current, [item.confirmation_id]: { item, decision: answer, always: chosen } }))}
        />
      ))}
      <div className="visually-hidden" aria-live="polite">
        {lastLive && lastLive.status !== 'streaming' ? `harombe answered: ${lastText}` : ''}
      </div>
      <div ref={bottom} />
    </div>
    </TurnActionsProvider>
  );
}
