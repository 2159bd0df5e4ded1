// The conversations, newest first: new, search across every message, delete with undo, and a badge where an approval waits.
import { MessageSquarePlus, Search, ShieldAlert, Trash2 } from 'lucide-react';
import { useEffect, useState } from 'react';
import { IconButton } from '../../../components/ui/icon-button';
import { usePendingConfirmations } from '../../approvals';
import { useConversationList, useDeleteConversation, useSearchableConversations } from '../api/conversation-queries';
import { NEW_CONVERSATION, useChatStore } from '../stores/chat-store';

const UNDO_MS = 5000;

export function ConversationSidebar() {
  const selected = useChatStore((state) => state.selected);
  const conversations = useConversationList(selected === NEW_CONVERSATION ? undefined : selected);
  const pending = usePendingConfirmations();
  const select = useChatStore((state) => state.select);
  const forget = useChatStore((state) => state.forgetConversation);
  const deleteConversation = useDeleteConversation();
  const [search, setSearch] = useState('');
  const [deleting, setDeleting] = useState<{ id: string; title: string } | undefined>();

  // Deletion waits a few seconds so Undo can take it back; leaving the page deletes it then.
  useEffect(() => {
    if (!deleting) return;
    const timer = setTimeout(() => {
      deleteConversation.mutate(deleting.id);
      setDeleting(undefined);
    }, UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleting, deleteConversation]);

  // A new approval may belong to a conversation another client just started: list it too.
  const pendingIds = (pending.data?.confirmations ?? []).map((item) => item.confirmation_id).join(',');
  const refetchList = conversations.refetch;
  useEffect(() => {
    if (pendingIds !== '') void refetchList();
  }, [pendingIds, refetchList]);

  const waiting = new Map<string, number>();
  for (const item of pending.data?.confirmations ?? []) waiting.set(item.conversation_id, (waiting.get(item.conversation_id) ?? 0) + 1);
  const query = search.trim().toLowerCase();
  const listed = conversations.data?.conversations ?? [];
  const searched = useSearchableConversations(
    listed.map((conversation) => conversation.id),
    query !== '',
  );
  const matchesText = new Set(
    searched.flatMap((result) =>
      result.data && result.data.messages.some((message) => message.content.toLowerCase().includes(query)) ? [result.data.id] : [],
    ),
  );
  const shown = listed.filter(
    (conversation) =>
      conversation.id !== deleting?.id && (query === '' || conversation.title.toLowerCase().includes(query) || matchesText.has(conversation.id)),
  );

  // A fresh page each time: turns left in the unsaved new conversation (a failed first message) are dropped.
  const startNew = () => {
    const unsaved = useChatStore.getState().liveTurns[NEW_CONVERSATION] ?? [];
    if (unsaved.every((turn) => turn.status !== 'streaming')) forget(NEW_CONVERSATION);
    select(NEW_CONVERSATION);
  };

  const remove = (id: string, title: string) => {
    if (deleting) deleteConversation.mutate(deleting.id);
    forget(id);
    setDeleting({ id, title });
  };

  return (
    <nav className="sidebar" aria-label="Conversations">
      <div className="sidebar-top">
        <button type="button" className="button button-primary sidebar-new" onClick={startNew}>
          <MessageSquarePlus size={16} aria-hidden /> New chat
        </button>
        <div className="sidebar-search">
          <Search size={14} aria-hidden />
          <input type="search" aria-label="Search conversations" placeholder="Search all messages" value={search} onChange={(event) => setSearch(event.target.value)} />
        </div>
      </div>
      <ul className="sidebar-list">
        {shown.map((conversation) => {
          const count = waiting.get(conversation.id) ?? 0;
          return (
            <li key={conversation.id} className={`sidebar-item ${conversation.id === selected ? 'sidebar-item-selected' : ''}`}>
              <button
                type="button"
                className="sidebar-item-open"
                aria-current={conversation.id === selected ? 'page' : undefined}
                onClick={() => select(conversation.id)}
              >
                <span className="sidebar-item-title">{conversation.title || 'Untitled'}</span>
                {count > 0 && (
                  <span className="badge" aria-label={`${count} approval${count > 1 ? 's' : ''} waiting`}>
                    <ShieldAlert size={12} aria-hidden /> {count}
                  </span>
                )}
              </button>
              <IconButton label={`Delete “${conversation.title || 'Untitled'}”`} className="sidebar-item-delete" onClick={() => remove(conversation.id, conversation.title)}>
                <Trash2 size={14} aria-hidden />
              </IconButton>
            </li>
          );
        })}
        {conversations.isSuccess && shown.length === 0 && <li className="sidebar-empty">{query ? 'No conversation matches.' : 'No conversations yet.'}</li>}
      </ul>
      {deleting && (
        <div className="sidebar-undo" role="status">
          <span>Deleted “{deleting.title || 'Untitled'}”.</span>
          <button type="button" className="button" onClick={() => setDeleting(undefined)}>
            Undo
          </button>
        </div>
      )}
    </nav>
  );
}
