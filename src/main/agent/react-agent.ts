// The agent every surface talks to: opens (or starts) a conversation and runs one ReAct turn in it at a time.
import type { AgentEvent, Conversation } from '../../shared';
import type { CompiledRules } from '../tools/approval-rules';
import { AgentTurn } from './agent-turn';
import type { AgentTurnServices } from './agent-turn';
import { replaceFromProblem, type TurnInput, type TurnRunner } from './contracts';
import { conversationTitle, newConversationId } from './conversation-id';
import { turnErrorEvent } from './turn-errors';

/** What a turn needs (see AgentTurnServices); the clock and tool support have defaults here. */
export interface ReactAgentOptions extends Omit<AgentTurnServices, 'clock' | 'toolsEnabled'> {
  clock?: () => Date;
  /** New conversation ids; random and url-safe by default. */
  ids?: () => string;
  /** False for a model without tool support: then no tools are sent. Default true. */
  toolsEnabled?: boolean;
}

type Opened = { ok: true; conversation: Conversation } | { ok: false; error: AgentEvent };

export class ReactAgent implements TurnRunner {
  /** Conversations with a turn in progress: a second turn would interleave its messages with the first. */
  private readonly running = new Set<string>();

  constructor(private readonly options: ReactAgentOptions) {}

  async *runTurn(input: TurnInput): AsyncGenerator<AgentEvent, void, undefined> {
    const opened = await this.open(input);
    if (!opened.ok) {
      yield opened.error;
      return;
    }
    const { conversation } = opened;
    if (this.running.has(conversation.id)) {
      yield {
        type: 'error',
        code: 'conversation_busy',
        message: `Conversation ${conversation.id} is already answering another message.`,
        hint: 'Wait for that answer (or cancel it), then send this message again.',
      };
      return;
    }
    const problem = replaceFromProblem(conversation.messages, input.replaceFrom);
    if (problem !== undefined) {
      yield { type: 'error', code: 'invalid_replace_from', message: problem, hint: 'replace_from is the index of a user message in GET /conversations/:id.' };
      return;
    }
    this.running.add(conversation.id);
    if (input.replaceFrom !== undefined) conversation.messages.splice(input.replaceFrom);
    try {
      const { llm, tools, store, broker, config, workspace } = this.options;
      const services = {
        llm,
        tools,
        store,
        broker,
        config,
        workspace,
        clock: this.clock,
        toolsEnabled: (this.options.toolsEnabled ?? true) && tools.size > 0,
        scheduleFirstSave: this.options.scheduleFirstSave,
        // harombe's home and config file: a write's preview must not read them even inside the workspace.
        ...(this.options.hiddenPaths ? { hiddenPaths: this.options.hiddenPaths } : {}),
        ...(this.options.audit ? { audit: this.options.audit } : {}),
      };
      yield* new AgentTurn(services, conversation, input).run();
    } finally {
      this.running.delete(conversation.id);
    }
  }

  /** tools.approvals changed (a rule saved from the chat): turns from now on, and calls of running ones, read these. */
  useApprovalRules(rules: CompiledRules): void {
    this.options.config.approvalRules = rules;
  }

  private readonly clock = (): Date => (this.options.clock ?? (() => new Date()))();

  private async open(input: TurnInput): Promise<Opened> {
    if (input.conversationId === undefined) {
      const now = this.clock().toISOString();
      const id = (this.options.ids ?? newConversationId)();
      const conversation: Conversation = {
        id,
        title: conversationTitle(input.message),
        created_at: now,
        updated_at: now,
        messages: [],
        always_allow: [],
      };
      return { ok: true, conversation };
    }
    try {
      const conversation = await this.options.store.get(input.conversationId);
      if (conversation) return { ok: true, conversation };
    } catch (error) {
      return { ok: false, error: turnErrorEvent(error) };
    }
    return {
      ok: false,
      error: {
        type: 'error',
        code: 'conversation_not_found',
        message: `There is no conversation "${input.conversationId}".`,
        hint: 'List conversations (GET /conversations) to find its id, or send the message without a conversation id to start a new one.',
      },
    };
  }
}
