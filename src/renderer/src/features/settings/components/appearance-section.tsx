// Appearance (never in harombe.yaml): the theme, the text size, and which key sends a message, kept in this browser or,
// on the desktop, by the desktop app; on the desktop also whether closing the window keeps harombe in the tray.
import { useState } from 'react';
import { ThemePicker } from '../../../app/theme-picker';
import { SEND_KEY_HINTS, useSendKeyStore, type SendKey } from '../../../app/send-key-store';
import { desktopBridge } from '../../../lib/desktop-bridge';

/** Desktop only: the stored close-to-tray preference, changed through the preload's named action. */
function CloseToTraySwitch({ initial, save }: { initial: boolean; save: (enabled: boolean) => Promise<void> }) {
  const [enabled, setEnabled] = useState(initial);
  const [error, setError] = useState<string>();
  const change = async (next: boolean) => {
    setEnabled(next);
    setError(undefined);
    try {
      await save(next);
    } catch (failure) {
      setEnabled(!next);
      setError(`Could not change it: ${failure instanceof Error ? failure.message : String(failure)}. Try again, or restart harombe.`);
    }
  };
  return (
    <div className="settings-field">
      <label htmlFor="settings-close-to-tray">Keep harombe in the tray when the window closes</label>
      <input
        id="settings-close-to-tray"
        type="checkbox"
        role="switch"
        checked={enabled}
        aria-describedby="settings-close-to-tray-help"
        onChange={(event) => void change(event.target.checked)}
      />
      <p id="settings-close-to-tray-help" className="settings-note">
        {enabled ? 'Closing the window leaves the API serving; quit from the tray menu.' : 'Closing the window quits harombe and stops the API.'}
      </p>
      {error ? (
        <p className="settings-field-problem" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function AppearanceSection() {
  const sendKey = useSendKeyStore((state) => state.sendKey);
  const setSendKey = useSendKeyStore((state) => state.setSendKey);
  const desktop = desktopBridge();
  return (
    <section className="settings-section" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance">Appearance</h2>
      <p className="settings-note">{desktop?.saveAppearance ? 'Kept by the desktop app, never in harombe.yaml.' : 'Kept in this browser, never in harombe.yaml.'}</p>
      <div className="settings-field">
        <span className="settings-field-label" id="settings-appearance-theme">
          Theme and text size
        </span>
        <ThemePicker />
      </div>
      <div className="settings-field">
        <label htmlFor="settings-send-key">Sending a message</label>
        <select id="settings-send-key" value={sendKey} onChange={(event) => setSendKey(event.target.value as SendKey)}>
          {(Object.keys(SEND_KEY_HINTS) as SendKey[]).map((key) => (
            <option key={key} value={key}>
              {SEND_KEY_HINTS[key]}
            </option>
          ))}
        </select>
      </div>
      {desktop?.setCloseToTray ? <CloseToTraySwitch initial={desktop.closeToTray ?? true} save={desktop.setCloseToTray} /> : null}
    </section>
  );
}
