// @vitest-environment jsdom
// A card wired to the server: "always allow" sends the scope, where and the window as the surface; the other waiting
// cards the server says that answer settled go away.
import '../../../lib/testing/dom-test-setup';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../../../../shared/api-client';
import { useSession } from '../../../lib/api';
import { useSettledConfirmations } from '../stores/settled-confirmations';
import { ConnectedApprovalCard } from './connected-approval-card';

const options = [
  { scope: 'exact' as const, label: 'this exact command `git status --short`', rule: { tool: 'shell', match: 'git status --short' } },
  { scope: 'prefix' as const, label: 'commands starting with `git status`', rule: { tool: 'shell', match: 'git status' } },
];

const pending = (id: string, command: string) => ({
  confirmation_id: id,
  conversation_id: 'conv',
  tool_call: { id: `call-${id}`, name: 'shell', arguments: { command } },
  description: `shell: ${command}`,
  created_at: '2026-12-02T09:00:00Z',
  expires_at: '2026-12-02T09:05:00Z',
});

function renderCards() {
  // What the server waits on: the three, until an answer settles some.
  let waiting = [pending('c1', 'git status --short'), pending('c2', 'git status'), pending('c3', 'rm -rf build')];
  const call = vi.fn(async (name: string, request?: { params?: { id: string } }) => {
    if (name === 'confirmations.answer') {
      const settled = request!.params!.id === 'c1' ? ['c1', 'c2'] : [request!.params!.id];
      waiting = waiting.filter((item) => !settled.includes(item.confirmation_id));
      return { confirmation_id: request!.params!.id, decision: 'always_allow', rule: { tool: 'shell', match: 'git status' }, where: 'everywhere', also_settled: settled.slice(1) };
    }
    if (name === 'confirmations.list') return { confirmations: waiting };
    if (name === 'config.get') return { config: { tools: { workspace: '/w' } }, path: '/h/harombe.yaml' };
    throw new Error(`unexpected ${name}`);
  });
  useSession.setState({ client: { call } as unknown as ApiClient });
  const card = (id: string, command: string) => (
    <ConnectedApprovalCard
      confirmationId={id}
      toolName="shell"
      toolArguments={{ command }}
      description={`shell: ${command}`}
      alwaysAllowOptions={options}
      state="pending"
    />
  );
  render(
    <QueryClientProvider client={new QueryClient()}>
      {card('c1', 'git status --short')}
      {card('c2', 'git status')}
      {card('c3', 'rm -rf build')}
    </QueryClientProvider>,
  );
  return call;
}

describe('ConnectedApprovalCard', () => {
  beforeEach(() => useSettledConfirmations.setState({ ids: new Set() }));

  it('answers "always allow" with the scope and where chosen, from the window; the cards it settled go away', async () => {
    const call = renderCards();
    const [first] = screen.getAllByRole('region', { name: /Approval needed/ });
    await waitFor(() => expect(call).toHaveBeenCalledWith('confirmations.list'));
    await userEvent.click(screen.getAllByRole('button', { name: 'Always allow…' })[0]!);
    await userEvent.click(screen.getByRole('radio', { name: /commands starting with/ }));
    await userEvent.click(screen.getByRole('radio', { name: /everywhere/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Always allow' }));
    await waitFor(() => expect(call).toHaveBeenCalledWith('confirmations.answer', { params: { id: 'c1' }, input: { decision: 'always_allow', scope: 'prefix', where: 'everywhere', surface: 'window' } }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Approval needed: shell: git status' })).toBeNull());
    // The one answered stays (the caller records the answer), and one the rule does not cover still waits.
    expect(first).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Approval needed: shell: rm -rf build' })).toBeInTheDocument();
  });

  it('allow once and deny say they came from the window too', async () => {
    const call = renderCards();
    await userEvent.click(screen.getAllByRole('button', { name: 'Allow once' })[2]!);
    await waitFor(() => expect(call).toHaveBeenCalledWith('confirmations.answer', { params: { id: 'c3' }, input: { decision: 'allow_once', surface: 'window' } }));
  });
});
