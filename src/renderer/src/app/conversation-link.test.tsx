// @vitest-environment jsdom
// A tray or notification link opens the chat at that conversation, once.
import '../lib/testing/dom-test-setup';
import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { conversationFromHash, useConversationLink } from './conversation-link';

function Follower({ opened }: { opened: string[] }) {
  useConversationLink((id) => opened.push(id));
  return null;
}

afterEach(() => {
  window.history.replaceState(null, '', '#');
});

describe('conversation links', () => {
  it('name a conversation in the chat only', () => {
    expect(conversationFromHash('#/chat?conversation=conv-7')).toBe('conv-7');
    expect(conversationFromHash('#/chat?conversation=a%20b')).toBe('a b');
    expect(conversationFromHash('#/chat')).toBeUndefined();
    expect(conversationFromHash('#/settings?conversation=x')).toBeUndefined();
  });

  it('open the conversation when the window loads with one, and at each later link, leaving #/chat behind', async () => {
    window.history.replaceState(null, '', '#/chat?conversation=conv-1');
    const opened: string[] = [];
    render(<Follower opened={opened} />);
    expect(opened).toEqual(['conv-1']);
    expect(window.location.hash).toBe('#/chat');
    await act(async () => {
      window.location.hash = '#/chat?conversation=conv-2';
      await new Promise((resolve) => window.addEventListener('hashchange', resolve, { once: true }));
    });
    expect(opened).toEqual(['conv-1', 'conv-2']);
    expect(window.location.hash).toBe('#/chat');
  });
});
