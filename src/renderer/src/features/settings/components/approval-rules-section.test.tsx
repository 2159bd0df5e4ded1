// @vitest-environment jsdom
// Settings › Approvals: the default mode saved to harombe.yaml; each rule in words with Revoke (asked first, then
// DELETE); an empty list says how rules are made.
import '../../../lib/testing/dom-test-setup';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../../../../shared/api-client';
import type { ApprovalRuleEntry } from '../../../../../shared/approval-schema';
import { harombeConfigSchema, type HarombeConfig } from '../../../../../shared/config-schema';
import { useSession } from '../../../lib/api';
import { ApprovalRulesSection } from './approval-rules-section';

const gitStatus: ApprovalRuleEntry = { id: 'r1', index: 0, tool: 'shell', match: 'git status', decision: 'allow', label: 'tools.approvals[0] (shell `git status`: allow)' };
const exactPush: ApprovalRuleEntry = { id: 'r3', index: 2, tool: 'shell', match: 'git push origin main', exact: true, decision: 'allow', label: 'tools.approvals[2] (shell `git push origin main` exactly: allow)' };
const mcpDeny: ApprovalRuleEntry = { id: 'r2', index: 1, tool: 'everything__echo', args: { message: 'secret*' }, decision: 'deny', label: 'tools.approvals[1] (everything__echo: deny)' };

function renderSection(initial: ApprovalRuleEntry[]) {
  let rules = [...initial];
  let config: HarombeConfig = harombeConfigSchema.parse({ tools: { approval_mode: 'ask' } });
  const call = vi.fn(async (name: string, request?: { params?: { id: string }; input?: { config: HarombeConfig } }) => {
    if (name === 'approvals.rules.list') return { rules, approval_mode: config.tools.approval_mode };
    if (name === 'approvals.rules.remove') {
      const rule = rules.find((entry) => entry.id === request!.params!.id)!;
      rules = rules.filter((entry) => entry !== rule);
      return { id: rule.id, removed: true, rule };
    }
    if (name === 'config.get') return { config, path: '/h/harombe.yaml' };
    if (name === 'config.put') {
      config = request!.input!.config;
      return { config, path: '/h/harombe.yaml' };
    }
    throw new Error(`unexpected ${name}`);
  });
  useSession.setState({ client: { call } as unknown as ApiClient });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApprovalRulesSection />
    </QueryClientProvider>,
  );
  return { call, config: () => config };
}

describe('Settings › Approvals', () => {
  it('lists each rule in words: its decision, what it matches and where it sits in harombe.yaml', async () => {
    renderSection([gitStatus, mcpDeny, exactPush]);
    const rows = within(await screen.findByRole('list', { name: 'Approval rules' })).getAllByRole('listitem');
    expect(rows.map((row) => row.querySelector('.approval-rule-text')!.textContent)).toEqual([
      'Allowshell commands starting with git statustools.approvals[0] (shell git status: allow)',
      'Denyeverything__echo with message matching secret*tools.approvals[1] (everything__echo: deny)',
      'Allowshell command exactly git push origin maintools.approvals[2] (shell git push origin main exactly: allow)',
    ]);
  });

  it('Revoke asks first; confirmed, the rule is deleted by its id and leaves the list', async () => {
    const { call } = renderSection([gitStatus, mcpDeny]);
    await userEvent.click(await screen.findByRole('button', { name: 'Revoke tools.approvals[0] (shell `git status`: allow)' }));
    expect(call).not.toHaveBeenCalledWith('approvals.rules.remove', expect.anything());
    const confirm = screen.getByRole('group', { name: /Revoke tools.approvals\[0\]/ });
    expect(confirm).toHaveTextContent('calls it allowed are asked again');
    expect(within(confirm).getByRole('button', { name: 'Revoke' })).toHaveFocus();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(call).toHaveBeenCalledWith('approvals.rules.remove', { params: { id: 'r1' } });
    expect(screen.getByText(/^Revoked:/)).toHaveTextContent('Revoked: shell commands starting with git status.');
    expect(screen.getByRole('heading', { name: 'Approvals' })).toHaveFocus();
  });

  it('"Keep it" changes nothing', async () => {
    const { call } = renderSection([gitStatus]);
    await userEvent.click(await screen.findByRole('button', { name: /^Revoke tools/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.getByRole('button', { name: /^Revoke tools/ })).toBeInTheDocument();
    expect(call).not.toHaveBeenCalledWith('approvals.rules.remove', expect.anything());
  });

  it('with no rules, says how they are made', async () => {
    renderSection([]);
    expect(await screen.findByText(/No rules yet/)).toHaveTextContent('No rules yet. A rule is made by Always allow… on an approval with everywhere, or written under tools.approvals in harombe.yaml.');
  });

  it('the default mode is saved to harombe.yaml, and says what it means', async () => {
    const { config } = renderSection([]);
    const select = await screen.findByRole('combobox', { name: 'New conversations start in' });
    await waitFor(() => expect(select).toHaveValue('ask'));
    await userEvent.selectOptions(select, 'rules_only');
    await waitFor(() => expect(config().tools.approval_mode).toBe('rules_only'));
    expect(await screen.findByText(/Saved to harombe.yaml/)).toHaveTextContent('Only what a rule allows runs');
  });
});
