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
  const client = { call: vi.fn(async () => ({ config: harombeConfigSchema.parse({}), path: PATH })) } as unknown as ApiClient;
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

  it('on the desktop: Open in editor opens that file', async () => {
    const openConfig = vi.fn(async () => undefined);
    (window as unknown as { harombe: unknown }).harombe = { openConfig };
    renderScreen();
    await userEvent.click(await screen.findByRole('button', { name: 'Open in editor' }));
    expect(openConfig).toHaveBeenCalledWith(PATH);
  });
});
