// The settings screen: this browser's appearance, the approvals (default mode, rules to revoke), the MCP servers and
// their status, then harombe.yaml's common fields, with the file's path (and, on the desktop, Open in editor).
import { FileText } from 'lucide-react';
import { desktopBridge } from '../../../lib/desktop-bridge';
import { useConfig, useModelNames, useSaveConfig } from '../api/config-queries';
import { AppearanceSection } from './appearance-section';
import { ApprovalRulesSection } from './approval-rules-section';
import { ConfigForm } from './config-form';
import { McpServersSection } from './mcp-servers-section';
import './settings.css';

export function SettingsScreen() {
  const config = useConfig();
  const save = useSaveConfig();
  const modelNames = useModelNames();
  const openConfig = desktopBridge()?.openConfig;
  const path = config.data?.path;
  return (
    <main className="settings-screen">
      <header className="settings-header">
        <h1>Settings</h1>
      </header>
      <div className="settings-body">
        <AppearanceSection />
        <ApprovalRulesSection />
        <McpServersSection />
        <section className="settings-section" aria-labelledby="settings-config">
          <h2 id="settings-config">harombe.yaml</h2>
          <p className="settings-note settings-path">
            {path ? (
              <>
                Saved to <code>{path}</code>, its comments kept.
              </>
            ) : (
              'Saved to harombe.yaml, its comments kept.'
            )}
            {path && openConfig && (
              <button type="button" className="button" onClick={() => void openConfig(path)}>
                <FileText size={14} aria-hidden /> Open in editor
              </button>
            )}
          </p>
          {config.isError ? (
            <p role="alert" className="settings-field-problem">
              Could not read the config: {config.error.message}
            </p>
          ) : config.data ? (
            <ConfigForm key={config.dataUpdatedAt} saved={config.data.config} save={save} {...(modelNames ? { modelNames } : {})} />
          ) : (
            <p className="settings-note">Reading the config…</p>
          )}
        </section>
      </div>
    </main>
  );
}
