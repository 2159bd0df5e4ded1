// @vitest-environment jsdom
// The approval card: the whole command, three answers said in words, Deny focused first, Enter/Esc on the card.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApprovalCard, type ApprovalCardProps } from './approval-card';

const longCommand = `find . -name '*.log' -mtime +30 -print0 | xargs -0 rm -f && echo ${'very-long-argument '.repeat(20)}done`;

function renderCard(props: Partial<ApprovalCardProps> = {}) {
  const onAnswer = vi.fn();
  render(
    <ApprovalCard
      toolName="shell"
      toolArguments={{ command: longCommand }}
      description={`shell: ${longCommand}`}
      workspace="/home/me/.harombe/workspace"
      state="pending"
      onAnswer={onAnswer}
      {...props}
    />,
  );
  return { onAnswer, card: screen.getByRole('region', { name: /Approval needed/ }) };
}

describe('ApprovalCard', () => {
  it('shows the whole command, the workspace and where the tool comes from', () => {
    renderCard();
    expect(screen.getByLabelText('Command to run')).toHaveTextContent(longCommand);
    expect(screen.getByText('/home/me/.harombe/workspace')).toBeInTheDocument();
    expect(screen.getByText('built-in tool')).toBeInTheDocument();
  });

  it('shows a file write as its path and the content it will write', () => {
    renderCard({ toolName: 'write_file', toolArguments: { path: 'notes/todo.md', content: '# Todo\n- ship it' } });
    expect(screen.getByText('notes/todo.md')).toBeInTheDocument();
    expect(screen.getByLabelText('Content to write').textContent).toBe('# Todo\n- ship it');
  });

  it('starts with focus on Deny, so a stray Enter runs nothing', () => {
    renderCard();
    expect(screen.getByRole('button', { name: 'Deny' })).toHaveFocus();
  });

  it('each button answers with its decision, the scope said in words', async () => {
    const { onAnswer } = renderCard();
    await userEvent.click(screen.getByRole('button', { name: 'Allow once' }));
    await userEvent.click(screen.getByRole('button', { name: /Always allow shell in this conversation/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Deny' }));
    expect(onAnswer.mock.calls.map(([decision]) => decision)).toEqual(['allow_once', 'always_allow', 'deny']);
  });

  it('with the card focused, Enter allows once and Esc denies', async () => {
    const { onAnswer, card } = renderCard();
    card.focus();
    await userEvent.keyboard('{Enter}');
    expect(onAnswer).toHaveBeenLastCalledWith('allow_once');
    screen.getByRole('button', { name: 'Allow once' }).focus();
    await userEvent.keyboard('{Escape}');
    expect(onAnswer).toHaveBeenLastCalledWith('deny');
  });

  it('once answered, focus stays on the card (which says the outcome), not lost to the page', async () => {
    const onAnswer = vi.fn();
    const props: ApprovalCardProps = { toolName: 'shell', toolArguments: { command: 'ls' }, description: 'shell: ls', workspace: '/w', state: 'pending', onAnswer };
    const { rerender } = render(<ApprovalCard {...props} />);
    await userEvent.click(screen.getByRole('button', { name: 'Allow once' }));
    rerender(<ApprovalCard {...props} state="answered" decision="allow_once" />);
    expect(screen.getByRole('region', { name: /Approval needed/ })).toHaveFocus();
  });

  it('a card no longer waiting says why and offers no buttons', () => {
    renderCard({ state: 'gone', goneReason: 'Timed out: no one answered in time, so it did not run.' });
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Timed out');
  });

  it('an answered card says what was decided', () => {
    renderCard({ state: 'answered', decision: 'always_allow' });
    expect(screen.getByRole('status')).toHaveTextContent('Allowed for the rest of this conversation.');
  });

  describe('why it was asked, the MCP server, and "Always allow…" with the scopes offered', () => {
    const options = [
      { scope: 'exact' as const, label: 'this exact command `git status --short`', rule: { tool: 'shell', match: 'git status --short' } },
      { scope: 'prefix' as const, label: 'commands starting with `git status`', rule: { tool: 'shell', match: 'git status' } },
      { scope: 'tool' as const, label: 'every shell command', rule: { tool: 'shell' } },
    ];
    const scoped = (props: Partial<ApprovalCardProps> = {}) =>
      renderCard({ toolArguments: { command: 'git status --short' }, description: 'shell: git status --short', askedBecause: 'shell is dangerous and no rule allows `git status --short`', alwaysAllowOptions: options, ...props });

    it('says why a person is asked, the command as code', () => {
      scoped();
      const why = screen.getByText(/shell is dangerous and no rule allows/);
      expect(why).toHaveTextContent('Why asked shell is dangerous and no rule allows git status --short');
      expect(why.querySelector('code')).toHaveTextContent('git status --short');
    });

    it('names the MCP server a call goes to', () => {
      scoped({ toolName: 'everything__echo', toolArguments: { message: 'hi' }, server: 'everything' });
      expect(screen.getByText(/MCP server/)).toHaveTextContent('MCP server everything');
      expect(screen.queryByText('built-in tool')).toBeNull();
      // It runs in its server, not in harombe's workspace.
      expect(screen.queryByText(/Runs in/)).toBeNull();
    });

    it('"Always allow…" opens the scopes in words and where, focus on the narrowest; the choice is the answer', async () => {
      const { onAnswer } = scoped();
      await userEvent.click(screen.getByRole('button', { name: 'Always allow…' }));
      const form = screen.getByRole('form', { name: 'Always allow' });
      expect(screen.getAllByRole('radio').map((radio) => radio.closest('label')!.textContent)).toEqual([
        'this exact command git status --short',
        'commands starting with git status',
        'every shell command',
        'in this conversation',
        'everywhere — saved to harombe.yaml as a rule (Settings lists it, to revoke)',
      ]);
      expect(screen.getByRole('radio', { name: /this exact command/ })).toHaveFocus();
      await userEvent.click(screen.getByRole('radio', { name: /commands starting with/ }));
      await userEvent.click(screen.getByRole('radio', { name: /everywhere/ }));
      await userEvent.click(screen.getByRole('button', { name: 'Always allow' }));
      expect(onAnswer).toHaveBeenCalledWith('always_allow', { scope: 'prefix', where: 'everywhere', label: 'commands starting with `git status`' });
      expect(form).toBeInTheDocument();
    });

    it('by keyboard: arrows pick a scope, Enter on Always allow answers; in this conversation by default', async () => {
      const { onAnswer } = scoped();
      screen.getByRole('button', { name: 'Always allow…' }).focus();
      await userEvent.keyboard('{Enter}');
      await userEvent.keyboard('{ArrowDown}');
      expect(screen.getByRole('radio', { name: /commands starting with/ })).toBeChecked();
      screen.getByRole('button', { name: 'Always allow' }).focus();
      await userEvent.keyboard('{Enter}');
      expect(onAnswer).toHaveBeenCalledWith('always_allow', expect.objectContaining({ scope: 'prefix', where: 'conversation' }));
    });

    it('Esc in the choice closes it and gives focus back to "Always allow…", without denying', async () => {
      const { onAnswer } = scoped();
      await userEvent.click(screen.getByRole('button', { name: 'Always allow…' }));
      await userEvent.keyboard('{Escape}');
      expect(screen.queryByRole('form', { name: 'Always allow' })).toBeNull();
      expect(screen.getByRole('button', { name: 'Always allow…' })).toHaveFocus();
      expect(onAnswer).not.toHaveBeenCalled();
    });

    it('a call offered no scope (always asked) says so, and has no Always allow', () => {
      scoped({ alwaysAllowOptions: [] });
      expect(screen.queryByRole('button', { name: /Always allow/ })).toBeNull();
      expect(screen.getByText(/No “always allow” for this call/)).toBeInTheDocument();
    });

    it('an answered card says the scope and where it was kept', () => {
      scoped({ state: 'answered', decision: 'always_allow', alwaysAllowed: { scope: 'prefix', where: 'everywhere', label: 'commands starting with `git status`' } });
      expect(screen.getByRole('status')).toHaveTextContent('Always allowed: commands starting with git status, everywhere (saved to harombe.yaml).');
    });
  });
});
