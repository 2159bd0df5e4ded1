// "Always allow…" opened on an approval card: which of the offered scopes, in words, and where it is kept.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { AlwaysAllowOption, AlwaysAllowScope, AlwaysAllowWhere } from '../../../../../shared/approval-schema';
import { InlineCodeText } from '../../../components/ui/inline-code-text';

export interface AlwaysAllowChoice {
  scope: AlwaysAllowScope;
  where: AlwaysAllowWhere;
  /** The scope in words, as the server offered it: what the answered card says was allowed. */
  label: string;
}

export interface AlwaysAllowPanelProps {
  /** Narrowest first, as the server offers them; the narrowest is chosen to begin with. */
  options: readonly AlwaysAllowOption[];
  busy?: boolean | undefined;
  onChoose(choice: AlwaysAllowChoice): void;
  /** Cancel or Esc: the card gets its three answers back (and focus returns to "Always allow…"). */
  onClose(): void;
}

export const WHERE_WORDS: Record<AlwaysAllowWhere, string> = {
  conversation: 'in this conversation',
  everywhere: 'everywhere',
};

export function AlwaysAllowPanel({ options, busy, onChoose, onClose }: AlwaysAllowPanelProps) {
  const name = useId();
  const [scope, setScope] = useState<AlwaysAllowScope>(options[0]!.scope);
  const [where, setWhere] = useState<AlwaysAllowWhere>('conversation');
  const firstChoice = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // The choice opens under the keyboard: focus moves onto the scope chosen to begin with, and the whole choice (down
  // to its Always allow button) is scrolled into view.
  useEffect(() => {
    form.current?.scrollIntoView?.({ block: 'nearest' });
    firstChoice.current?.focus({ preventScroll: true });
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Escape') return;
    // Esc here closes the choice; it must not reach the card, where Esc denies.
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  return (
    <form
      ref={form}
      className="always-allow-panel"
      aria-label="Always allow"
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = options.find((option) => option.scope === scope) ?? options[0]!;
        onChoose({ scope: chosen.scope, where, label: chosen.label });
      }}
    >
      <fieldset>
        <legend>Allow without asking</legend>
        {options.map((option, index) => (
          <label key={option.scope} className="always-allow-choice">
            <input
              ref={index === 0 ? firstChoice : undefined}
              type="radio"
              name={`${name}-scope`}
              value={option.scope}
              checked={scope === option.scope}
              onChange={() => setScope(option.scope)}
            />
            <span>
              <InlineCodeText text={option.label} />
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Where</legend>
        <label className="always-allow-choice">
          <input type="radio" name={`${name}-where`} value="conversation" checked={where === 'conversation'} onChange={() => setWhere('conversation')} />
          <span>in this conversation</span>
        </label>
        <label className="always-allow-choice">
          <input type="radio" name={`${name}-where`} value="everywhere" checked={where === 'everywhere'} onChange={() => setWhere('everywhere')} />
          <span>
            everywhere <span className="always-allow-note">— saved to harombe.yaml as a rule (Settings lists it, to revoke)</span>
          </span>
        </label>
      </fieldset>
      <div className="always-allow-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Always allow
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
