// @vitest-environment jsdom
// A tool card: one line saying what ran and how it ended; opened, the arguments pretty-printed and the output.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ToolCallCard } from './tool-call-card';

describe('ToolCallCard', () => {
  it('is collapsed to a summary, and opens to the arguments and output', async () => {
    render(<ToolCallCard call={{ id: 'c', name: 'shell', arguments: { command: 'ls -la' }, dangerous: true, status: 'succeeded', output: 'README.md', ms: 1500 }} />);
    const trigger = screen.getByRole('button', { name: /shell/ });
    expect(trigger).toHaveTextContent('ls -la');
    expect(trigger).toHaveTextContent('done · 1.5 s');
    expect(screen.queryByLabelText('shell output')).toBeNull();
    await userEvent.click(trigger);
    expect(screen.getByLabelText('shell output')).toHaveTextContent('README.md');
    expect(screen.getByText(/"command": "ls -la"/)).toBeInTheDocument();
  });

  it('says denied and failed in words', () => {
    render(<ToolCallCard call={{ id: 'a', name: 'shell', arguments: {}, dangerous: true, status: 'denied', output: 'declined', ms: 0 }} />);
    render(<ToolCallCard call={{ id: 'b', name: 'read_file', arguments: {}, dangerous: false, status: 'failed', output: 'no such file', ms: 3 }} />);
    expect(screen.getByRole('button', { name: /shell/ })).toHaveTextContent('denied');
    expect(screen.getByRole('button', { name: /read_file/ })).toHaveTextContent('failed · 3 ms');
  });

  it('names the MCP server an MCP tool call went to; a built-in names none', () => {
    render(<ToolCallCard call={{ id: 'm', name: 'everything__echo', server: 'everything', arguments: { message: 'hi' }, dangerous: true, status: 'succeeded', output: 'Echo: hi', ms: 4 }} />);
    render(<ToolCallCard call={{ id: 's', name: 'shell', arguments: { command: 'ls' }, dangerous: true, status: 'succeeded', output: '', ms: 4 }} />);
    expect(screen.getByRole('button', { name: /everything__echo/ })).toHaveTextContent('MCP server everything');
    expect(screen.getByRole('button', { name: /shell/ })).not.toHaveTextContent('MCP server');
  });
});
