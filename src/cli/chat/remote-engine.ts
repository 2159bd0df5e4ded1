// `harombe chat --server URL`: the chat engine as a client of a running harombe server (its agent, its tools, its
// workspace), over the same HTTP API as the desktop renderer: /chat/stream, /confirmations, /conversations.
import type { AgentEvent, Conversation, ConversationSummary, PendingConfirmation } from '../../shared';
import { ApiClient, ApiRequestError } from '../../shared';
import type { ConfirmationBroker, ConversationStore, TurnInput, TurnRunner } from '../../main/agent/contracts';
import { NONE_DISPOSABLE, type Disposable } from '../../main/base';
import type { ChatEngine } from './engine';

export interface RemoteEngineOptions {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
}

export class RemoteTurnRunner implements TurnRunner {
  constructor(private readonly client: ApiClient) {}

  async *runTurn(input: TurnInput): AsyncGenerator<AgentEvent, void, undefined> {
    const body = {
      message: input.message,
      ...(input.conversationId ? { conversation_id: input.conversationId } : {}),
      ...(input.approvalMode ? { approval_mode: input.approvalMode } : {}),
    };
    // The server keeps a turn that waits for an approval running when its stream closes (a reloaded page answers it
    // later); Ctrl+C here means stop, so the turn is cancelled by its conversation too.
    let conversationId = input.conversationId;
    const cancel = () => {
      if (conversationId) void this.client.call('conversations.cancel', { params: { id: conversationId } }).catch(() => undefined);
    };
    input.signal?.addEventListener('abort', cancel, { once: true });
    try {
      for await (const event of this.client.stream('chat.stream', { input: body, ...(input.signal ? { signal: input.signal } : {}) })) {
        if (event.type === 'start') conversationId = event.conversation_id;
        // The server always asks; this client answers for --yes (allow) and for scripts with nobody to ask (deny).
        if (event.type === 'confirm_required' && input.attendance !== 'ask') {
          await this.client.call('confirmations.answer', {
            params: { id: event.confirmation_id },
            // Answered here, in the CLI: the audit log says so.
            input: { decision: input.attendance === 'allow' ? 'allow_once' : 'deny', surface: 'cli' },
          });
          continue;
        }
        yield event;
      }
    } catch (error) {
      if (input.signal?.aborted) return;
      yield { type: 'error', ...describe(error) };
    } finally {
      input.signal?.removeEventListener('abort', cancel);
    }
  }
}

function describe(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof ApiRequestError) return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : error instanceof Error ? error.message : String(error);
  return { code: 'unreachable', message: `cannot reach the harombe server (${detail})`, hint: 'Is it running? `harombe status` tells; `harombe start` starts one.' };
}

class RemoteConfirmations implements ConfirmationBroker {
  private waiting: PendingConfirmation[] = [];

  constructor(private readonly client: ApiClient) {}

  pending(): PendingConfirmation[] {
    return this.waiting;
  }

  answer(confirmationId: string, decision: 'allow_once' | 'always_allow' | 'deny'): boolean {
    void this.client.call('confirmations.answer', { params: { id: confirmationId }, input: { decision, surface: 'cli' } }).catch(() => undefined);
    return true;
  }

  onDidChange(): Disposable {
    return NONE_DISPOSABLE;
  }
}

class RemoteConversations implements ConversationStore {
  constructor(private readonly client: ApiClient) {}

  async list(): Promise<ConversationSummary[]> {
    return (await this.client.call('conversations.list')).conversations;
  }

  async get(id: string): Promise<Conversation | undefined> {
    try {
      return await this.client.call('conversations.get', { params: { id } });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  async save(): Promise<void> {
    throw new Error('conversations are saved by the server');
  }

  async delete(id: string): Promise<boolean> {
    await this.client.call('conversations.delete', { params: { id } });
    return true;
  }
}

export async function createRemoteChatEngine(options: RemoteEngineOptions): Promise<ChatEngine> {
  const client = new ApiClient({ baseUrl: options.baseUrl, ...(options.token ? { token: options.token } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  let health;
  try {
    health = await client.call('health.get');
  } catch (error) {
    const { message, hint } = describe(error);
    throw Object.assign(new Error(`${message} at ${options.baseUrl}`), { hint });
  }
  const tools = await client.call('tools.list');
  return {
    runner: new RemoteTurnRunner(client),
    answerConfirmation: async (confirmationId, answer) => {
      try {
        await client.call('confirmations.answer', { params: { id: confirmationId }, input: { ...answer, surface: 'cli' } });
        return true;
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 404) return false;
        throw error;
      }
    },
    broker: new RemoteConfirmations(client),
    store: new RemoteConversations(client),
    model: health.model,
    endpoint: `harombe server ${options.baseUrl} (node ${health.node.name})`,
    tools: tools.tools.map(({ name, description, dangerous }) => ({ name, description, dangerous })),
    sandboxMode: tools.sandbox.active ?? tools.sandbox.mode,
    workspace: `on the server (${options.baseUrl})`,
    confirmDangerous: tools.confirm_dangerous,
    // The server's own start-up warnings stay in its log; the one that matters for commands run from here is shown.
    warnings: tools.sandbox.warning ? [tools.sandbox.warning] : [],
    dispose: async () => undefined,
  };
}
