// What the rest of main (server, CLI, desktop) needs from the agent: run a turn, answer confirmations, keep conversations.
import type { AgentEvent, ConfirmationDecision, Conversation, ConversationSummary, PendingConfirmation } from '../../shared';
import type { Disposable } from '../base';

/** How dangerous tool calls are settled in a turn: ask whoever is attached, deny them all, or allow them all. */
export type ApprovalMode = 'ask' | 'deny' | 'allow';

export interface TurnInput {
  /** Continue this conversation; a new one is created when absent. */
  conversationId?: string;
  message: string;
  /** Replace the history from this index (a user message) on with `message` and its answer: edit, regenerate. */
  replaceFrom?: number;
  /** Answer with this model instead of the client's configured one. */
  model?: string;
  approval: ApprovalMode;
  /** Aborting cancels the turn: the stream stops, a running tool is killed, what was said so far is kept. */
  signal?: AbortSignal;
}

/** Why `replaceFrom` cannot apply to these messages, or undefined when it can (it must point at a user message). */
export function replaceFromProblem(messages: readonly { role: string }[], replaceFrom: number | undefined): string | undefined {
  if (replaceFrom === undefined) return undefined;
  if (messages[replaceFrom]?.role === 'user') return undefined;
  return `Message ${replaceFrom} is not a user message of this conversation (it has ${messages.length} messages).`;
}

export interface TurnRunner {
  /** The events of one turn, ending with exactly one `done` or `error`. */
  runTurn(input: TurnInput): AsyncIterable<AgentEvent>;
}

export interface ConfirmationBroker {
  pending(): PendingConfirmation[];
  /** Settles a pending confirmation; false when it is unknown or already settled/expired. */
  answer(confirmationId: string, decision: ConfirmationDecision): boolean;
  onDidChange(listener: () => void): Disposable;
}

export interface ConversationStore {
  list(): Promise<ConversationSummary[]>;
  get(id: string): Promise<Conversation | undefined>;
  save(conversation: Conversation): Promise<void>;
  delete(id: string): Promise<boolean>;
}
