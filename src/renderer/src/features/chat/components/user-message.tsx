// The user's message of an exchange, with Edit: an inline editor where Enter resends and Esc cancels.
import { Pencil } from 'lucide-react';
import { useState, type KeyboardEvent } from 'react';
import './turn-actions.css';

export interface UserMessageProps {
  text: string;
  /** Offered when the message can be replaced now; resends the edited text. */
  onEdit?: (text: string) => void;
}

export function UserMessage({ text, onEdit }: UserMessageProps) {
  const [draft, setDraft] = useState<string | undefined>(undefined);
  if (draft !== undefined && onEdit) {
    const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
        event.preventDefault();
        if (draft.trim() === '') return;
        setDraft(undefined);
        onEdit(draft.trim());
      } else if (event.key === 'Escape') {
        // Esc here cancels the edit, not the turn (the window's Esc stops a running answer).
        event.preventDefault();
        event.stopPropagation();
        setDraft(undefined);
      }
    };
    return (
      <div className="message message-user message-editing">
        <label className="visually-hidden" htmlFor={`edit-${text.length}`}>
          Edit your message — Enter resends, Esc cancels
        </label>
        <textarea
          id={`edit-${text.length}`}
          className="composer-input message-editor"
          value={draft}
          rows={Math.min(8, draft.split('\n').length + 1)}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          autoFocus
        />
        <p className="message-editor-help">Enter resends (the answers after it are replaced) · Esc cancels</p>
      </div>
    );
  }
  return (
    <div className="message message-user">
      <span className="visually-hidden">You said:</span>
      <p>{text}</p>
      {onEdit && (
        <button type="button" className="button button-quiet message-action" onClick={() => setDraft(text)} aria-label="Edit this message">
          <Pencil size={12} aria-hidden /> Edit
        </button>
      )}
    </div>
  );
}
