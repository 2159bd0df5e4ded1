// @vitest-environment jsdom
// Settings › MCP servers: each server's status, transport and tools (dangerous marked); a failed one's reason and its
// stderr tail in a collapsible block; none configured says how to add one.
import '../../../lib/testing/dom-test-setup';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ToolsResponse } from '../../../../../shared/api-schemas';
import type { ApiClient } from '../../../../../shared/api-client';
import { useSession } from '../../../lib/api';
import { McpServersSection } from './mcp-servers-section';

function renderSection(tools: Pick<ToolsResponse, 'tools' | 'mcp_servers'>) {
  const call = vi.fn(async () => ({ ...tools, confirm_dangerous: true, sandbox: { mode: 'none' } }));
  useSession.setState({ client: { call } as unknown as ApiClient });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <McpServersSection />
    </QueryClientProvider>,
  );
}

const server = (name: string) => within(screen.getByRole('listitem', { name }));

describe('Settings › MCP servers', () => {
  it('shows each server: status, transport, its tools with the dangerous ones marked; a failed one its reason and stderr', async () => {
    renderSection({
      tools: [
        { name: 'everything__echo', description: 'Echo', dangerous: true, server: 'everything' },
        { name: 'everything__get-sum', description: 'Sum', dangerous: false, server: 'everything' },
      ],
      mcp_servers: [
        { name: 'everything', transport: 'stdio', enabled: true, status: 'ready', tools: ['everything__echo', 'everything__get-sum'] },
        { name: 'github', transport: 'stdio', enabled: true, status: 'failed', reason: 'It exited (code 1) before listing its tools: `GITHUB_TOKEN` is not set.', stderr_tail: ['starting', 'Error: GITHUB_TOKEN missing'], tools: [] },
        { name: 'remote', transport: 'http', enabled: false, status: 'disabled', tools: [] },
      ],
    });
    await screen.findByRole('list', { name: 'MCP servers' });
    expect(server('everything').getByText('Ready')).toBeInTheDocument();
    expect(server('everything').getByText(/stdio/)).toBeInTheDocument();
    const tools = within(server('everything').getByRole('list', { name: 'everything tools' })).getAllByRole('listitem');
    expect(tools.map((tool) => tool.textContent)).toEqual(['everything__echodangerous — asked first', 'everything__get-sumread-only']);

    expect(server('github').getByText('Failed')).toBeInTheDocument();
    expect(server('github').getByText(/exited \(code 1\)/)).toHaveTextContent('GITHUB_TOKEN is not set');
    const stderr = server('github').getByLabelText('github stderr');
    expect(stderr).not.toBeVisible();
    await userEvent.click(server('github').getByText('The last 2 lines it wrote to stderr'));
    expect(stderr).toBeVisible();
    expect(stderr).toHaveTextContent('Error: GITHUB_TOKEN missing');

    expect(server('remote').getByText('Disabled')).toBeInTheDocument();
    expect(server('remote').getByText('streamable HTTP')).toBeInTheDocument();
  });

  it('with none configured, says how to add one', async () => {
    renderSection({ tools: [], mcp_servers: [] });
    expect(await screen.findByText(/No MCP servers yet/)).toHaveTextContent('Add one with harombe mcp import FILE (the mcpServers JSON other apps use), or under mcp: in harombe.yaml.');
  });
});
