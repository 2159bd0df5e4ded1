// Where a message is written: Enter sends, Shift+Enter a new line (or swapped, in Settings), ↑ recalls what was sent;
// Stop while answering.
import { SendHorizontal, Square } from 'lucide-react';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { enterAction, SEND_KEY_HINTS, useSendKeyStore } from '../../../app/send-key-store';
import { InlineCodeText } from '../../../components/ui/inline-code-text';

export interface ComposerProps {
  /** Why nothing can be sent now (shown under the box), or undefined when it can. */
  disabledReason: string | undefined;
  running: boolean;
  onSend(text: string): void;
  onStop(): void;
  /** Shown under the box: the model picker. */
  accessory?: ReactNode;
}

export function Composer({ disabledReason, running, onSend, onStop, accessory }: ComposerProps) {
  const [text, setText] = useState('');
  const sendKey = useSendKeyStore((state) => state.sendKey);
  const sent = useRef<string[]>([]);
  const recall = useRef(-1);
  const canSend = disabledReason === undefined && !running && text.trim() !== '';

  const send = () => {
    if (!canSend) return;
    sent.current.push(text);
    recall.current = -1;
    onSend(text.trim());
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const enter = enterAction({ key: event.key, shiftKey: event.shiftKey, ctrlKey: event.ctrlKey, metaKey: event.metaKey, isComposing: event.nativeEvent.isComposing }, sendKey);
    if (enter === 'send') {
      event.preventDefault();
      send();
    } else if (event.key === 'ArrowUp' && (text === '' || recall.current >= 0) && sent.current.length > 0) {
      event.preventDefault();
      recall.current = recall.current < 0 ? sent.current.length - 1 : Math.max(0, recall.current - 1);
      setText(sent.current[recall.current] ?? '');
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        Message harombe
      </label>
      <textarea
        id="composer-input"
        className="composer-input"
        rows={2}
        placeholder={disabledReason ? 'harombe cannot answer right now' : `Message harombe — ${SEND_KEY_HINTS[sendKey]}`}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          recall.current = -1;
        }}
        onKeyDown={onKeyDown}
        aria-describedby={disabledReason ? 'composer-reason' : undefined}
        autoFocus
      />
      {running ? (
        <button type="button" className="button composer-button" onClick={onStop}>
          <Square size={14} aria-hidden /> Stop <kbd>Esc</kbd>
        </button>
      ) : (
        <button type="submit" className="button button-primary composer-button" disabled={!canSend}>
          <SendHorizontal size={14} aria-hidden /> Send
        </button>
      )}
      {accessory}
      {disabledReason && (
        <p id="composer-reason" className="composer-reason" role="status">
          <InlineCodeText text={disabledReason} />
        </p>
      )}
    </form>
  );
}
