// An approval asked inline in the conversation: why it was asked, everything the call will do (and which MCP server it
// goes to), and three answers — "Always allow…" opening the scopes offered and where to keep the rule.
import { ShieldAlert } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ConfirmationDecision } from '../../../../../shared/agent-events';
import type { AlwaysAllowOption } from '../../../../../shared/approval-schema';
import type { FileChange } from '../../../../../shared/file-change-schema';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { AlwaysAllowPanel, WHERE_WORDS, type AlwaysAllowChoice } from './always-allow-panel';
import { ToolAction } from './tool-action';
import './approvals.css';

export interface ApprovalCardProps {
  toolName: string;
  toolArguments: unknown;
  description: string;
  /** Why a person is asked, in the server's sentence (backticked commands shown as code). */
  askedBecause?: string | undefined;
  /** The MCP server the call goes to; absent for the built-ins. */
  server?: string | undefined;
  /** The "always allow" scopes offered, narrowest first; absent (an older server): the tool in this conversation. */
  alwaysAllowOptions?: readonly AlwaysAllowOption[] | undefined;
  /** A file write's change against the current file. */
  fileChange?: FileChange | undefined;
  workspace: string | undefined;
  state: 'pending' | 'answered' | 'gone';
  decision?: ConfirmationDecision | undefined;
  /** What "always allow" chose, for the answered card to say. */
  alwaysAllowed?: AlwaysAllowChoice | undefined;
  goneReason?: string | undefined;
  busy?: boolean;
  onAnswer(decision: ConfirmationDecision, always?: AlwaysAllowChoice): void;
}

const DECISION_WORDS: Record<ConfirmationDecision, string> = {
  allow_once: 'Allowed once.',
  always_allow: 'Allowed for the rest of this conversation.',
  deny: 'Denied: it did not run.',
};

function outcomeWords(decision: ConfirmationDecision, always: AlwaysAllowChoice | undefined): string {
  if (decision !== 'always_allow' || !always) return DECISION_WORDS[decision];
  return always.where === 'everywhere'
    ? `Always allowed: ${always.label}, everywhere (saved to harombe.yaml).`
    : `Always allowed: ${always.label}, ${WHERE_WORDS.conversation}.`;
}

export function ApprovalCard(props: ApprovalCardProps) {
  const { toolName, toolArguments, description, askedBecause, server, alwaysAllowOptions, fileChange, workspace, state, decision, alwaysAllowed, goneReason, busy, onAnswer } =
    props;
  const denyButton = useRef<HTMLButtonElement>(null);
  const alwaysButton = useRef<HTMLButtonElement>(null);
  const [choosing, setChoosing] = useState(false);
  const pending = state === 'pending';
  const offersScopes = alwaysAllowOptions !== undefined && alwaysAllowOptions.length > 0;

  // Initial focus on Deny (a stray Enter runs nothing), scrolled into view so the answers are on screen.
  const section = useRef<HTMLElement>(null);
  const wasPending = useRef(pending);
  useEffect(() => {
    if (pending) {
      denyButton.current?.focus();
      denyButton.current?.scrollIntoView?.({ block: 'nearest' });
    } else if (wasPending.current) {
      // Answered: the buttons are gone, so focus would fall to the page; it stays on the card, which says the outcome
      // (unless the person had moved elsewhere, e.g. typing a message, when another client answered).
      const active = document.activeElement;
      if (!active || active === document.body || section.current?.contains(active)) section.current?.focus({ preventScroll: true });
    }
    wasPending.current = pending;
  }, [pending]);

  // Closing the choice puts focus back where the person was: on the button that opened it.
  const refocusAlways = useRef(false);
  useEffect(() => {
    if (choosing || !refocusAlways.current) return;
    refocusAlways.current = false;
    alwaysButton.current?.focus();
  }, [choosing]);
  const closeChoice = () => {
    refocusAlways.current = true;
    setChoosing(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (!pending || busy || choosing) return;
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
      ref={section}
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
        <span className="approval-card-source">{server === undefined ? 'built-in tool' : <>MCP server <code>{server}</code></>}</span>
      </header>
      {askedBecause && (
        <p className="approval-card-why">
          <span className="tool-action-label">Why asked</span> <InlineCodeText text={askedBecause} />
        </p>
      )}
      <ToolAction toolName={toolName} toolArguments={toolArguments} fileChange={fileChange} />
      {/* An MCP tool runs in its server (named above), not in harombe's workspace. */}
      {server === undefined && (
        <p className="approval-card-workspace">
          Runs in <code>{workspace ?? '…'}</code>
        </p>
      )}
      {pending && choosing && offersScopes ? (
        <AlwaysAllowPanel options={alwaysAllowOptions} busy={busy} onClose={closeChoice} onChoose={(choice) => onAnswer('always_allow', choice)} />
      ) : pending ? (
        <div className="approval-card-actions" role="group" aria-label="Answer">
          <button type="button" className="button button-primary" disabled={busy} onClick={() => onAnswer('allow_once')}>
            Allow once
          </button>
          {offersScopes ? (
            <button ref={alwaysButton} type="button" className="button" disabled={busy} onClick={() => setChoosing(true)}>
              Always allow…
            </button>
          ) : alwaysAllowOptions === undefined ? (
            <button type="button" className="button" disabled={busy} onClick={() => onAnswer('always_allow')}>
              Always allow <span className="approval-card-scope">{toolName} in this conversation</span>
            </button>
          ) : null}
          <button ref={denyButton} type="button" className="button button-danger" disabled={busy} onClick={() => onAnswer('deny')}>
            Deny
          </button>
          <span className="approval-card-keys" aria-hidden>
            Enter on the card: allow once · Esc: deny
          </span>
          {alwaysAllowOptions !== undefined && !offersScopes && (
            <span className="approval-card-keys">No “always allow” for this call: it is asked every time.</span>
          )}
        </div>
      ) : (
        <p className="approval-card-outcome" role="status">
          <InlineCodeText text={state === 'answered' && decision ? outcomeWords(decision, alwaysAllowed) : (goneReason ?? 'No longer waiting: answered elsewhere or timed out.')} />
        </p>
      )}
    </section>
  );
}
