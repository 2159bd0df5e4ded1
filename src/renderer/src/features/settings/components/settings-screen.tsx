// The settings screen: appearance (kept in this browser) first; the config forms follow.
import { ThemePicker } from '../../../app/theme-picker';
import './settings.css';

export function SettingsScreen() {
  return (
    <main className="settings-screen">
      <header className="settings-header">
        <h1>Settings</h1>
      </header>
      <div className="settings-body">
        <section className="settings-section" aria-labelledby="settings-appearance">
          <h2 id="settings-appearance">Appearance</h2>
          <p className="settings-note">Kept in this browser, never in harombe.yaml.</p>
          <ThemePicker />
        </section>
      </div>
    </main>
  );
}
