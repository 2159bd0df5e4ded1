// `#/chat?conversation=<id>`: the desktop tray and its notifications open the chat at a conversation (where an
// approval card waits). The link is read once and the address goes back to `#/chat`, so a reload does not repeat it.
import { useEffect } from 'react';

/** `#/chat?conversation=abc` → `abc`; undefined for any other address. */
export function conversationFromHash(hash: string): string | undefined {
  const [path, query] = hash.replace(/^#\/?/, '').split('?', 2);
  if (path !== 'chat' || !query) return undefined;
  return new URLSearchParams(query).get('conversation') || undefined;
}

/** Opens the conversation a link names, now and at each later link (the window stays open between tray clicks). */
export function useConversationLink(open: (id: string) => void): void {
  useEffect(() => {
    const follow = () => {
      const id = conversationFromHash(window.location.hash);
      if (id === undefined) return;
      open(id);
      window.history.replaceState(null, '', '#/chat');
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [open]);
}
