// The agent's public face: the ReAct turn runner, the confirmation broker, conversation storage and context trimming.
export type { Attendance, ConfirmationBroker, ConversationStore, TurnInput, TurnRunner } from './contracts';
export { ReactAgent } from './react-agent';
export type { ReactAgentOptions } from './react-agent';
export type { AgentSettings } from './agent-turn';
export { ConfirmationBrokerImpl, DEFAULT_CONFIRMATION_TIMEOUT_MS } from './confirmation-broker';
export type {
  ConfirmationBrokerOptions,
  ConfirmationEndReason,
  ConfirmationOutcome,
  ConfirmationRequest,
  ConfirmationTicket,
  ConfirmationTimers,
} from './confirmation-broker';
export { ConversationStoreError, FileConversationStore } from './file-conversation-store';
export type { FileConversationStoreOptions } from './file-conversation-store';
export { conversationTitle, newConversationId } from './conversation-id';
export { approvalVerdict } from './approval-policy';
export type { ApprovalPolicy, ApprovalVerdict } from './approval-policy';
export { charsPerToken, defaultReplyReserve, fitContext, promptChars, DEFAULT_CHARS_PER_TOKEN } from './context-window';
export type { ContextWindowInput, FittedPrompt } from './context-window';
