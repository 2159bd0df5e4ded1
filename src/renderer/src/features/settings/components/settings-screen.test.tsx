// @vitest-environment jsdom
// The settings screen shows harombe.yaml's path; "Open in editor" only in the desktop app (its bridge), not in a browser.
import '../../../lib/testing/dom-test-setup';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../../../../shared/api-client';
import { harombeConfigSchema } from '../../../../../shared/config-schema';
import { useSession } from '../../../lib/api';
import { SettingsScreen } from './settings-screen';

const PATH = '/home/ada/.harombe/harombe.yaml';

function renderScreen() {
  const answers: Record<string, unknown> = {
    'config.get': { config: harombeConfigSchema.parse({}), path: PATH },
    'models.list': { configured: 'qwen2.5:7b', models: [{ name: 'qwen2.5:7b', configured: true }, { name: 'llama3.2:3b', configured: false }] },
    'approvals.rules.list': { rules: [], approval_mode: 'ask' },
    'tools.list': { tools: [], mcp_servers: [], confirm_dangerous: true, sandbox: { mode: 'none' } },
  };
  const client = { call: vi.fn(async (name: string) => answers[name]) } as unknown as ApiClient;
  useSession.setState({ client });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <SettingsScreen />
    </QueryClientProvider>,
  );
}

describe('SettingsScreen', () => {
  afterEach(() => {
    delete (window as unknown as { harombe?: unknown }).harombe;
  });

  it('in a browser: the file’s path, and no Open in editor', async () => {
    renderScreen();
    expect(await screen.findByText(PATH)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Open in editor' })).not.toBeInTheDocument();
  });

  it('offers the models Ollama has in the model box', async () => {
    renderScreen();
    const box = await screen.findByLabelText('Model', { selector: 'input' });
    await vi.waitFor(() => expect(box).toHaveAttribute('list'));
    const options = [...document.querySelectorAll(`#${box.getAttribute('list')!} option`)].map((option) => option.getAttribute('value'));
    expect(options).toEqual(['qwen2.5:7b', 'llama3.2:3b']);
  });

  it('on the desktop: Open in editor opens that file', async () => {
    const openConfig = vi.fn(async () => undefined);
    (window as unknown as { harombe: unknown }).harombe = { openConfig };
    renderScreen();
    await userEvent.click(await screen.findByRole('button', { name: 'Open in editor' }));
    expect(openConfig).toHaveBeenCalledWith(PATH);
  });
});
