// The chat window: conversations on the left; the open conversation and the composer on the right.
import { useQueryClient } from '@tanstack/react-query';
import { PanelLeft } from 'lucide-react';
import { ApiRequestError } from '../../../../../shared/api-client';
import { useEffect } from 'react';
import { IconButton } from '../../../components/ui/icon-button';
import { useConversationApprovalMode } from '../api/approval-mode-queries';
import { useConversation, useModels } from '../api/conversation-queries';
import { startTurn, stopTurn } from '../api/turn-runner';
import { NEW_CONVERSATION, useChatStore } from '../stores/chat-store';
import { ApprovalModeBanner } from './approval-mode-banner';
import { ApprovalModePicker } from './approval-mode-picker';
import { Composer } from './composer';
import { ExportMenu } from './export-menu';
import { ModelPicker } from './model-picker';
import { ConversationSidebar } from './conversation-sidebar';
import { ConversationView } from './conversation-view';
import { preloadMarkdown } from './markdown/lazy-markdown';
import './chat.css';

/** Why nothing can be sent: the model server is down, or the model is missing (the server's own words). */
function useDisabledReason(): string | undefined {
  const models = useModels();
  if (models.isError) {
    const error = models.error;
    if (!(error instanceof ApiRequestError)) return 'The harombe server does not answer. Is it still running? `harombe status` says.';
    return `${error.message}${error.hint ? ` — ${error.hint}` : ''}`;
  }
  return undefined;
}

export function ChatScreen({ header }: { header?: React.ReactNode }) {
  const selected = useChatStore((state) => state.selected);
  const sidebarOpen = useChatStore((state) => state.sidebarOpen);
  const setSidebarOpen = useChatStore((state) => state.setSidebarOpen);
  const runningTurn = useChatStore((state) => state.liveTurns[selected]?.find((turn) => turn.status === 'streaming'));
  const conversationId = selected === NEW_CONVERSATION ? undefined : selected;
  const conversation = useConversation(conversationId);
  const queryClient = useQueryClient();
  const disabledReason = useDisabledReason();
  const approvalMode = useConversationApprovalMode(selected);
  // A conversation this tab started may not be saved yet (its first turn is still running): its live turns are enough.
  const hasLiveTurns = useChatStore((state) => (state.liveTurns[selected]?.length ?? 0) > 0);
  // Until the server has saved it, a conversation is titled by its first message, as the server will title it.
  const firstMessage = useChatStore((state) => (conversationId ? state.liveTurns[selected]?.[0]?.userText : undefined));
  const loading = conversationId !== undefined && !conversation.data && !hasLiveTurns ? 'Loading the conversation…' : undefined;

  // The Markdown renderer is its own chunk: fetched once the chat is on screen, before a message needs it.
  useEffect(() => void preloadMarkdown(), []);

  useEffect(() => {
    if (!runningTurn) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) void stopTurn(runningTurn.id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [runningTurn]);

  const send = (message: string) => {
    const first = useChatStore.getState().liveTurns[selected]?.[0];
    startTurn({ conversationId, message, baseMessageCount: first?.baseMessageCount ?? conversation.data?.messages.length ?? 0, queryClient });
  };

  return (
    <div className="chat-layout" data-sidebar-open={sidebarOpen}>
      <ConversationSidebar />
      <main className="chat-main">
        <header className="chat-header">
          <IconButton label={sidebarOpen ? 'Hide conversations' : 'Show conversations'} className="sidebar-toggle" aria-expanded={sidebarOpen} onClick={() => setSidebarOpen(!sidebarOpen)}>
            <PanelLeft size={18} aria-hidden />
          </IconButton>
          <h1 className="chat-title">{conversation.data?.title || firstMessage || (conversationId ? '…' : 'New chat')}</h1>
          {conversationId && (conversation.data || !runningTurn) && <ExportMenu conversationId={conversationId} />}
          {header}
        </header>
        <ApprovalModeBanner approvalMode={approvalMode} />
        <ConversationView key={selected} conversationKey={selected} />
        <Composer
          key={`composer-${selected}`}
          disabledReason={disabledReason ?? loading}
          running={runningTurn !== undefined}
          onSend={send}
          onStop={() => runningTurn && void stopTurn(runningTurn.id)}
          accessory={
            <div className="composer-options">
              <ModelPicker />
              <ApprovalModePicker approvalMode={approvalMode} />
            </div>
          }
        />
      </main>
    </div>
  );
}
