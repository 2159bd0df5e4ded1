// One exchange: the user's message, then the answer as it streams — text, tool cards, approvals, and how it ended.
import { CircleStop, RotateCcw, Play, RefreshCw, TriangleAlert } from 'lucide-react';
import { memo } from 'react';
import { ConnectedApprovalCard } from '../../approvals';
import { recordInTurn } from '../api/turn-runner';
import type { TurnAction } from '../model/turn-reducer';
import type { TurnState } from '../model/turn-state';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { Markdown, markdownKey } from './markdown/lazy-markdown';
import { MessageMeta } from './message-meta';
import { ToolCallCard } from './tool-call-card';
import { canReplace, useTurnActions } from './turn-actions';
import { UserMessage } from './user-message';

export interface TurnViewProps {
  turn: TurnState;
  /** The store key of a live turn (to record answers); absent for history. */
  storeKey?: string;
  model: string | undefined;
  /** Offered on the last turn only. */
  onRetry?: () => void;
  onContinue?: () => void;
  /** Its place (from 1) among the conversation's exchanges, and how many there are: the message list draws only those on screen. */
  position?: number;
  setSize?: number;
}

/** Memoised: while an answer streams, only its own turn re-renders (history turns keep the same props). */
export const TurnView = memo(function TurnView({ turn, storeKey, model, onRetry, onContinue, position, setSize }: TurnViewProps) {
  const record = (action: TurnAction) => storeKey && recordInTurn(storeKey, turn.id, action);
  const streaming = turn.status === 'streaming';
  const actions = useTurnActions();
  return (
    <article className="turn" aria-label="Exchange" aria-posinset={position} aria-setsize={setSize}>
      {turn.userText !== '' && <UserMessage text={turn.userText} {...(canReplace(actions, turn) ? { onEdit: (text: string) => actions.replace(turn, text) } : {})} />}
      {(turn.parts.length > 0 || turn.status !== 'done') && (
        <div className="message message-assistant" aria-busy={streaming}>
          <span className="visually-hidden">harombe answered:</span>
          {turn.parts.map((part, index) => {
            if (part.kind === 'text') return <Markdown key={index} text={part.text} cacheKey={streaming ? undefined : markdownKey(turn.id, index)} />;
            const { call } = part;
            const confirmation = call.confirmation;
            return (
              <div key={call.id} className="turn-tool">
                {confirmation && (
                  <ConnectedApprovalCard
                    confirmationId={confirmation.confirmationId}
                    toolName={call.name}
                    toolArguments={call.arguments}
                    description={confirmation.description}
                    askedBecause={confirmation.askedBecause}
                    server={call.server}
                    alwaysAllowOptions={confirmation.alwaysAllowOptions}
                    fileChange={confirmation.fileChange}
                    state={confirmation.state}
                    decision={confirmation.decision}
                    alwaysAllowed={confirmation.alwaysAllowed}
                    goneReason={confirmation.goneReason}
                    onAnswered={(decision, always) =>
                      record({ type: 'confirmation_answered', confirmationId: confirmation.confirmationId, decision, ...(always ? { always } : {}) })
                    }
                    onGone={(reason) => record({ type: 'confirmation_gone', confirmationId: confirmation.confirmationId, reason })}
                  />
                )}
                {call.status !== 'waiting' && <ToolCallCard call={call} defaultOpen={confirmation !== undefined} />}
              </div>
            );
          })}
          {streaming && turn.parts.length === 0 && <p className="turn-thinking">Thinking…</p>}
          {turn.status === 'failed' && turn.error && (
            <div className="turn-error" role="alert">
              <TriangleAlert size={16} aria-hidden />
              <div>
                <p className="turn-error-message">{turn.error.message}</p>
                {turn.error.hint && (
                  <p className="turn-error-hint">
                    <InlineCodeText text={turn.error.hint} />
                  </p>
                )}
              </div>
              {onRetry && (
                <button type="button" className="button" onClick={onRetry}>
                  <RotateCcw size={14} aria-hidden /> Retry
                </button>
              )}
            </div>
          )}
          {turn.status === 'cancelled' && (
            <div className="turn-stopped">
              <CircleStop size={14} aria-hidden />
              {turn.stopRequested ? 'Stopped' : 'The server stopped this answer (shutting down, or cancelled elsewhere)'} — what was said so
              far is kept.
              {onContinue && (
                <button type="button" className="button" onClick={onContinue}>
                  <Play size={14} aria-hidden /> Continue
                </button>
              )}
            </div>
          )}
          {!streaming && <MessageMeta turn={turn} model={turn.startedAt === undefined ? undefined : (turn.model ?? model)} />}
          {turn.id === actions?.lastTurnId && turn.status !== 'failed' && canReplace(actions, turn) && (
            <div className="turn-actions">
              <button type="button" className="button button-quiet" onClick={() => actions.replace(turn, turn.userText)}>
                <RefreshCw size={12} aria-hidden /> Regenerate
              </button>
            </div>
          )}
        </div>
      )}
    </article>
  );
});
