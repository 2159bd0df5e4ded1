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

  it('a card no longer waiting says why and offers no buttons', () => {
    renderCard({ state: 'gone', goneReason: 'Timed out: no one answered in time, so it did not run.' });
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Timed out');
  });

  it('an answered card says what was decided', () => {
    renderCard({ state: 'answered', decision: 'always_allow' });
    expect(screen.getByRole('status')).toHaveTextContent('Allowed for the rest of this conversation.');
  });
});
