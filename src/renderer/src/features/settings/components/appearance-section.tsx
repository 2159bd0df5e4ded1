// Appearance, kept in this browser (never in harombe.yaml): the theme, the text size, and which key sends a message.
import { ThemePicker } from '../../../app/theme-picker';
import { SEND_KEY_HINTS, useSendKeyStore, type SendKey } from '../../../app/send-key-store';

export function AppearanceSection() {
  const sendKey = useSendKeyStore((state) => state.sendKey);
  const setSendKey = useSendKeyStore((state) => state.setSendKey);
  return (
    <section className="settings-section" aria-labelledby="settings-appearance">
      <h2 id="settings-appearance">Appearance</h2>
      <p className="settings-note">Kept in this browser, never in harombe.yaml.</p>
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
    </section>
  );
}
