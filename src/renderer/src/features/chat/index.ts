// Chat: conversations, streamed answers with tool cards and inline approvals, and the composer.
import { useChatStore } from './stores/chat-store';

export { ChatScreen } from './components/chat-screen';

/** Opens a conversation (from outside the chat: the approvals queue). */
export function openConversation(id: string): void {
  useChatStore.getState().select(id);
}
