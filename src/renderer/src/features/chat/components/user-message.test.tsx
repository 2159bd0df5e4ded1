// @vitest-environment jsdom
// Edit on a user message: an inline editor where Enter resends the edited text and Esc puts the message back.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { UserMessage } from './user-message';

describe('UserMessage', () => {
  it('Enter resends the edited text', async () => {
    const onEdit = vi.fn();
    render(<UserMessage text="Name a colour" onEdit={onEdit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit this message' }));
    const editor = screen.getByRole('textbox', { name: /Edit your message/ });
    expect(editor).toHaveValue('Name a colour');
    await userEvent.clear(editor);
    await userEvent.type(editor, 'Name a fruit{Enter}');
    expect(onEdit).toHaveBeenCalledWith('Name a fruit');
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('Esc cancels without sending, and an empty edit is not sent', async () => {
    const onEdit = vi.fn();
    render(<UserMessage text="Hello" onEdit={onEdit} />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit this message' }));
    await userEvent.clear(screen.getByRole('textbox'));
    await userEvent.keyboard('{Enter}');
    expect(onEdit).not.toHaveBeenCalled();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('Hello')).toBeInTheDocument();
    expect(onEdit).not.toHaveBeenCalled();
  });

  it('offers no Edit when the message cannot be replaced now', () => {
    render(<UserMessage text="Hello" />);
    expect(screen.queryByRole('button', { name: 'Edit this message' })).toBeNull();
  });
});
