// An approval asked inline in the conversation: everything the call will do, and three answers with their scope.
import { ShieldAlert } from 'lucide-react';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ConfirmationDecision } from '../../../../../shared/agent-events';
import type { FileChange } from '../../../../../shared/file-change-schema';
import { ToolAction } from './tool-action';
import './approvals.css';

export interface ApprovalCardProps {
  toolName: string;
  toolArguments: unknown;
  description: string;
  /** A file write's change against the current file. */
  fileChange?: FileChange | undefined;
  workspace: string | undefined;
  state: 'pending' | 'answered' | 'gone';
  decision?: ConfirmationDecision | undefined;
  goneReason?: string | undefined;
  busy?: boolean;
  onAnswer(decision: ConfirmationDecision): void;
}

const DECISION_WORDS: Record<ConfirmationDecision, string> = {
  allow_once: 'Allowed once.',
  always_allow: 'Allowed for the rest of this conversation.',
  deny: 'Denied: it did not run.',
};

export function ApprovalCard(props: ApprovalCardProps) {
  const { toolName, toolArguments, description, fileChange, workspace, state, decision, goneReason, busy, onAnswer } = props;
  const denyButton = useRef<HTMLButtonElement>(null);
  const pending = state === 'pending';

  // Initial focus on Deny (a stray Enter runs nothing), scrolled into view so the answers are on screen.
  useEffect(() => {
    if (!pending) return;
    denyButton.current?.focus();
    denyButton.current?.scrollIntoView?.({ block: 'nearest' });
  }, [pending]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!pending || busy) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onAnswer('deny');
    } else if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      onAnswer('allow_once');
    }
  };

  return (
    <section
      className={`approval-card approval-card-${state}`}
      aria-label={`Approval needed: ${description}`}
      tabIndex={pending ? 0 : -1}
      onKeyDown={onKeyDown}
    >
      <header className="approval-card-header">
        <ShieldAlert aria-hidden size={18} />
        <h3>
          {pending ? 'Allow' : 'Asked to run'} <code>{toolName}</code>?
        </h3>
        <span className="approval-card-source">built-in tool</span>
      </header>
      <ToolAction toolName={toolName} toolArguments={toolArguments} fileChange={fileChange} />
      <p className="approval-card-workspace">
        Runs in <code>{workspace ?? '…'}</code>
      </p>
      {pending ? (
        <div className="approval-card-actions" role="group" aria-label="Answer">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => onAnswer('allow_once')}>
            Allow once
          </button>
          <button type="button" className="button" disabled={busy} onClick={() => onAnswer('always_allow')}>
            Always allow <span className="approval-card-scope">{toolName} in this conversation</span>
          </button>
          <button ref={denyButton} type="button" className="button button-danger" disabled={busy} onClick={() => onAnswer('deny')}>
            Deny
          </button>
          <span className="approval-card-keys" aria-hidden>
            Enter on the card: allow once · Esc: deny
          </span>
        </div>
      ) : (
        <p className="approval-card-outcome" role="status">
          {state === 'answered' && decision ? DECISION_WORDS[decision] : (goneReason ?? 'No longer waiting: answered elsewhere or timed out.')}
        </p>
      )}
    </section>
  );
}
