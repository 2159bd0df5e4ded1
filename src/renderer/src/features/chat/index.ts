// Chat: conversations, streamed answers with tool cards and inline approvals, and the composer.
export { ChatScreen } from './components/chat-screen';
