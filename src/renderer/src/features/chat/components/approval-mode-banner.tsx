// What the open conversation's mode means when it is not the usual: Trusted, a red banner that stays (tools run
// without asking) with the way back to Ask; Chat only, a note that tools are off.
import { ShieldOff, WrenchOff } from 'lucide-react';
import type { ConversationApprovalMode } from '../api/approval-mode-queries';
import './approval-mode.css';

export function ApprovalModeBanner({ approvalMode }: { approvalMode: ConversationApprovalMode }) {
  if (approvalMode.mode === 'trusted') {
    return (
      <div className="approval-mode-banner approval-mode-banner-trusted" role="region" aria-label="Trusted mode">
        <ShieldOff size={16} aria-hidden />
        <p>
          <strong>Trusted: tools run without asking.</strong> Shell commands, file writes and MCP tools in this conversation run at once; only deny
          rules still refuse.
        </p>
        <button type="button" className="button" onClick={() => approvalMode.change('ask')}>
          Back to Ask
        </button>
      </div>
    );
  }
  if (approvalMode.mode === 'chat_only') {
    return (
      <div className="approval-mode-banner approval-mode-banner-chat-only" role="region" aria-label="Chat only mode">
        <WrenchOff size={16} aria-hidden />
        <p>
          <strong>Chat only: tools are off.</strong> The model only talks in this conversation; pick another mode under the message box to give it tools.
        </p>
      </div>
    );
  }
  return null;
}
