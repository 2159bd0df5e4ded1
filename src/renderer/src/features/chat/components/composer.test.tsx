// @vitest-environment jsdom
// The composer: Enter sends, Shift+Enter adds a line, ↑ recalls, and it says why it cannot send.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSendKeyStore } from '../../../app/send-key-store';
import { Composer } from './composer';

function renderComposer(props: Partial<Parameters<typeof Composer>[0]> = {}) {
  const onSend = vi.fn();
  const onStop = vi.fn();
  render(<Composer disabledReason={undefined} running={false} onSend={onSend} onStop={onStop} {...props} />);
  return { onSend, onStop, box: screen.getByRole('textbox', { name: 'Message harombe' }) };
}

describe('Composer', () => {
  it('Enter sends, Shift+Enter starts a new line', async () => {
    const { onSend, box } = renderComposer();
    await userEvent.type(box, 'first line{Shift>}{Enter}{/Shift}second line');
    expect(onSend).not.toHaveBeenCalled();
    await userEvent.keyboard('{Enter}');
    expect(onSend).toHaveBeenCalledWith('first line\nsecond line');
    expect(box).toHaveValue('');
  });

  describe('with sending swapped to Shift+Enter (Settings)', () => {
    afterEach(() => useSendKeyStore.getState().setSendKey('enter'));

    it('Enter starts a new line, Shift+Enter sends, and the box says so', async () => {
      useSendKeyStore.getState().setSendKey('shift-enter');
      const { onSend, box } = renderComposer();
      expect(box).toHaveAttribute('placeholder', expect.stringContaining('Shift+Enter to send, Enter for a new line'));
      await userEvent.type(box, 'first line{Enter}second line');
      expect(onSend).not.toHaveBeenCalled();
      expect(box).toHaveValue('first line\nsecond line');
      await userEvent.keyboard('{Shift>}{Enter}{/Shift}');
      expect(onSend).toHaveBeenCalledWith('first line\nsecond line');
      expect(box).toHaveValue('');
    });

    it('Ctrl+Enter sends too', async () => {
      useSendKeyStore.getState().setSendKey('shift-enter');
      const { onSend, box } = renderComposer();
      await userEvent.type(box, 'hello{Control>}{Enter}{/Control}');
      expect(onSend).toHaveBeenCalledWith('hello');
    });
  });

  it('↑ in an empty box brings back what was sent', async () => {
    const { box } = renderComposer();
    await userEvent.type(box, 'list the files{Enter}');
    await userEvent.keyboard('{ArrowUp}');
    expect(box).toHaveValue('list the files');
  });

  it('while nothing can answer it says why and sends nothing', async () => {
    const { onSend, box } = renderComposer({ disabledReason: 'Ollama is not running — start it with `ollama serve`' });
    expect(screen.getByRole('status')).toHaveTextContent('Ollama is not running');
    await userEvent.type(box, 'hello{Enter}');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
  });

  it('while answering it offers Stop instead of Send', async () => {
    const { onStop } = renderComposer({ running: true });
    await userEvent.click(screen.getByRole('button', { name: /Stop/ }));
    expect(onStop).toHaveBeenCalled();
  });
});
