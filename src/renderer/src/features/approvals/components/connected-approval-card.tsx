// An approval card wired to the server: answers by id (from this window), notices when the server stopped waiting for
// it, and goes away when another card's "always allow" settled it.
import { useState } from 'react';
import type { ConfirmationDecision } from '../../../../../shared/agent-events';
import type { AlwaysAllowOption } from '../../../../../shared/approval-schema';
import { ApiRequestError } from '../../../../../shared/api-client';
import type { FileChange } from '../../../../../shared/file-change-schema';
import { useAnswerConfirmation, usePendingConfirmations, useWorkspace } from '../api/confirmation-queries';
import { useSettledConfirmations } from '../stores/settled-confirmations';
import type { AlwaysAllowChoice } from './always-allow-panel';
import { ApprovalCard } from './approval-card';

export interface ConnectedApprovalCardProps {
  confirmationId: string;
  toolName: string;
  toolArguments: unknown;
  description: string;
  askedBecause?: string | undefined;
  server?: string | undefined;
  alwaysAllowOptions?: readonly AlwaysAllowOption[] | undefined;
  fileChange?: FileChange | undefined;
  state: 'pending' | 'answered' | 'gone';
  decision?: ConfirmationDecision | undefined;
  alwaysAllowed?: AlwaysAllowChoice | undefined;
  goneReason?: string | undefined;
  /** An answer was given (the caller records it in the turn; onGone follows if the server refused it). */
  onAnswered?(decision: ConfirmationDecision, always?: AlwaysAllowChoice): void;
  /** The server no longer waits on it (404, or gone from GET /confirmations). */
  onGone?(reason: string): void;
}

const GONE = 'No longer waiting: answered elsewhere, timed out, or its turn ended.';

export function ConnectedApprovalCard(props: ConnectedApprovalCardProps) {
  const { confirmationId, state, onAnswered, onGone } = props;
  const [shownAt] = useState(() => Date.now());
  const answer = useAnswerConfirmation();
  const workspace = useWorkspace();
  const pendingList = usePendingConfirmations();
  const settledByAnotherAnswer = useSettledConfirmations((settled) => settled.ids.has(confirmationId));
  const stillListed = pendingList.data?.confirmations.some((item) => item.confirmation_id === confirmationId);
  // The list is fetched after the card appeared: not listed any more means someone else answered or it expired.
  const listedGone = state === 'pending' && pendingList.isSuccess && pendingList.dataUpdatedAt > shownAt && stillListed === false && !answer.isPending;

  const onAnswer = (decision: ConfirmationDecision, always?: AlwaysAllowChoice) => {
    // Shown at once: the stream may carry the outcome before the POST's own answer arrives.
    onAnswered?.(decision, always);
    answer.mutate(
      { confirmationId, decision, ...(always ? { scope: always.scope, where: always.where } : {}) },
      {
        onError: (error) => onGone?.(error instanceof ApiRequestError && error.status === 404 ? GONE : `Could not answer: ${error.message}`),
      },
    );
  };

  // Allowed along with an "always allow" given here: the tool card below it shows the call running.
  if (settledByAnotherAnswer && state !== 'answered') return null;

  return (
    <ApprovalCard
      toolName={props.toolName}
      toolArguments={props.toolArguments}
      description={props.description}
      askedBecause={props.askedBecause}
      server={props.server}
      alwaysAllowOptions={props.alwaysAllowOptions}
      alwaysAllowed={props.alwaysAllowed}
      fileChange={props.fileChange}
      workspace={workspace.data}
      state={listedGone ? 'gone' : state}
      decision={props.decision}
      goneReason={listedGone ? (props.goneReason ?? GONE) : props.goneReason}
      busy={answer.isPending}
      onAnswer={onAnswer}
    />
  );
}
