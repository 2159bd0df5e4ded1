// A ChatEngine for tests: each turn plays a script of agent events; the broker and store live in memory.
import type { ConfirmationBroker, ConversationStore, TurnInput, TurnRunner } from '../../main/agent/contracts';
import { Emitter } from '../../main/base';
import type { AgentEvent, ConfirmationDecision, ConfirmRequiredEvent, Conversation, PendingConfirmation } from '../../shared';
import type { ToolSummary } from '../../main/tools/tool-registry';
import type { ChatEngine } from './engine';

/** One turn's behaviour: yields events; may wait for a confirmation or for the turn's signal. */
export type TurnScript = (input: TurnInput, engine: FakeChatEngine) => AsyncIterable<AgentEvent>;

export class FakeBroker implements ConfirmationBroker {
  readonly answers: { confirmationId: string; decision: ConfirmationDecision }[] = [];
  private readonly waiting = new Map<string, { pending: PendingConfirmation; settle: (decision: ConfirmationDecision) => void }>();
  private readonly changes = new Emitter<void>();
  readonly onDidChange = this.changes.event;

  /** Registers a confirmation as the agent would, and resolves with the decision once answered. */
  request(event: ConfirmRequiredEvent): Promise<ConfirmationDecision> {
    return new Promise((settle) => {
      const pending: PendingConfirmation = {
        confirmation_id: event.confirmation_id,
        conversation_id: event.conversation_id,
        tool_call: event.tool_call,
        description: event.description,
        created_at: '2025-01-01T00:00:00.000Z',
        expires_at: event.expires_at,
      };
      this.waiting.set(event.confirmation_id, { pending, settle });
      this.changed();
    });
  }

  /** What the real broker does when nobody answers in time. */
  expire(confirmationId: string): void {
    const entry = this.waiting.get(confirmationId);
    if (!entry) return;
    this.waiting.delete(confirmationId);
    entry.settle('deny');
    this.changed();
  }

  pending(): PendingConfirmation[] {
    return [...this.waiting.values()].map((entry) => entry.pending);
  }

  answer(confirmationId: string, decision: ConfirmationDecision): boolean {
    const entry = this.waiting.get(confirmationId);
    if (!entry) return false;
    this.waiting.delete(confirmationId);
    this.answers.push({ confirmationId, decision });
    entry.settle(decision);
    this.changed();
    return true;
  }

  private changed(): void {
    this.changes.fire();
  }
}

export class FakeStore implements ConversationStore {
  constructor(readonly conversations: Conversation[] = []) {}

  async list() {
    return this.conversations.map(({ id, title, created_at, updated_at, messages }) => ({
      id,
      title,
      created_at,
      updated_at,
      message_count: messages.length,
    }));
  }

  async get(id: string) {
    return this.conversations.find((conversation) => conversation.id === id);
  }

  async save(conversation: Conversation) {
    this.conversations.push(conversation);
  }

  async delete(id: string) {
    const index = this.conversations.findIndex((conversation) => conversation.id === id);
    if (index >= 0) this.conversations.splice(index, 1);
    return index >= 0;
  }
}

export class FakeChatEngine implements ChatEngine, TurnRunner {
  readonly runner: TurnRunner = this;
  readonly broker = new FakeBroker();
  readonly store: FakeStore;
  readonly inputs: TurnInput[] = [];
  /** Set by a test to take answers with their scope, as the real engines do. */
  answerConfirmation?: ChatEngine['answerConfirmation'];
  model = 'qwen2.5:7b';
  endpoint = 'http://localhost:11434';
  tools: ToolSummary[] = [
    { name: 'read_file', description: 'read a file in the workspace', dangerous: false },
    { name: 'shell', description: 'run a shell command in the workspace', dangerous: true },
  ];
  sandboxMode = 'bubblewrap';
  workspace = '/tmp/workspace';
  confirmDangerous = true;
  warnings: string[] = [];
  disposed = false;

  constructor(
    private readonly scripts: TurnScript[] = [],
    conversations: Conversation[] = [],
  ) {
    this.store = new FakeStore(conversations);
  }

  runTurn(input: TurnInput): AsyncIterable<AgentEvent> {
    this.inputs.push(input);
    const script = this.scripts.shift();
    if (!script) throw new Error('the test scripted no more turns');
    return script(input, this);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** A turn that just yields these events. */
export function scriptedEvents(...events: AgentEvent[]): TurnScript {
  return async function* () {
    yield* events;
  };
}

export function tokens(...texts: string[]): AgentEvent[] {
  return texts.map((text) => ({ type: 'token', text }));
}

export function doneEvent(response: string, extra: { cancelled?: boolean; conversationId?: string } = {}): AgentEvent {
  return { type: 'done', conversation_id: extra.conversationId ?? 'conv-1', response, steps: 1, cancelled: extra.cancelled };
}

export function shellCall(command: string, id = 'call-1'): AgentEvent {
  return { type: 'tool_call', id, name: 'shell', arguments: { command }, dangerous: true };
}

export function confirmEvent(command: string, confirmationId = 'confirm-1', extra: Partial<ConfirmRequiredEvent> = {}): ConfirmRequiredEvent {
  return {
    ...extra,
    type: 'confirm_required',
    confirmation_id: confirmationId,
    conversation_id: 'conv-1',
    tool_call: { id: 'call-1', name: 'shell', arguments: { command } },
    description: `shell: ${command}`,
    expires_at: '2099-01-01T00:00:00.000Z',
  };
}

/** A turn that asks about `rm -rf build`, then reports the tool result according to the decision. */
export function confirmingTurn(command = 'rm -rf build', extra: Partial<ConfirmRequiredEvent> = {}): TurnScript {
  return async function* (_input, engine) {
    yield shellCall(command);
    const confirmation = confirmEvent(command, 'confirm-1', extra);
    const decided = engine.broker.request(confirmation);
    yield confirmation;
    const decision = await decided;
    const ok = decision !== 'deny';
    yield { type: 'tool_result', id: 'call-1', name: 'shell', ok, output: ok ? 'removed' : 'denied by the user', ms: 12 };
    yield doneEvent(ok ? 'Build folder removed.' : 'I did not remove it.');
  };
}
