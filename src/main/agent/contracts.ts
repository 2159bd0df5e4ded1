// What the rest of main (server, CLI, desktop) needs from the agent: run a turn, answer confirmations, keep conversations.
import type { AgentEvent, AlwaysAllowRule, AlwaysAllowWhere, ApprovalModeName, ApprovalSurface, ConfirmationDecision, Conversation, ConversationSummary, PendingConfirmation } from '../../shared';
import type { Disposable } from '../base';

/**
 * Whether a person can be asked on the surface running the turn: ask whoever is attached, deny what would be asked
 * (nobody is there: plain POST /chat, a script), or allow it (`harombe chat --yes`). Not the approval mode
 * (tools.approval_mode), which says what needs asking at all.
 */
export type Attendance = 'ask' | 'deny' | 'allow';

export interface TurnInput {
  /** Continue this conversation; a new one is created when absent. */
  conversationId?: string;
  message: string;
  /** Replace the history from this index (a user message) on with `message` and its answer: edit, regenerate. */
  replaceFrom?: number;
  /** Answer with this model instead of the client's configured one. */
  model?: string;
  attendance: Attendance;
  /** The conversation's approval mode from this turn on (saved with it); absent: its own, else tools.approval_mode. */
  approvalMode?: ApprovalModeName;
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
  answer(confirmationId: string, decision: ConfirmationDecision, details?: AnswerDetails): boolean;
  onDidChange(listener: () => void): Disposable;
  /** After "always allow": allows the waiting calls the grant covers; answers their ids. */
  settleCovered?(grant: Grant, surface: ApprovalSurface | undefined): Promise<string[]>;
  /** Tells a turn running in the conversation that its approval mode changed (undefined: back to the default). */
  changeMode?(conversationId: string, mode: ApprovalModeName | undefined): void;
}

/** Who answered and, for "always allow", what they chose: the scope's rule, where it is kept, and its words. */
export interface AnswerDetails {
  surface?: ApprovalSurface;
  grant?: Grant;
}

/** "Always allow" given by a person: an allow rule kept in one conversation or everywhere (tools.approvals). */
export interface Grant {
  rule: AlwaysAllowRule;
  where: AlwaysAllowWhere;
  /** The scope in words: "this exact command `git status`". */
  label: string;
  conversationId: string;
}

export interface ConversationStore {
  list(): Promise<ConversationSummary[]>;
  get(id: string): Promise<Conversation | undefined>;
  save(conversation: Conversation): Promise<void>;
  delete(id: string): Promise<boolean>;
}
