// In-memory stand-ins for what the HTTP server needs (turns, confirmations, conversations, config, models), for server tests.
import type { Hono } from 'hono';
import type { ConfirmationBroker, ConversationStore, TurnInput, TurnRunner } from '../../src/main/agent/contracts';
import { Emitter } from '../../src/main/base';
import type { ServerEnv } from '../../src/main/server/server-env';
import { isLoopbackAddress } from '../../src/main/server/security';
import { parseServerSentEvents } from '../../src/shared/server-sent-events';
import type { ClusterService, ConfigService, ModelAdmin, PullProgress, ServerLogger, ServerServices } from '../../src/main/server/services';
import { LocalOllamaResolver } from '../../src/main/server/openai-compat/upstream-resolver';
import { clusterService } from '../../src/main/server/cluster-service';
import type { Cluster } from '../../src/main/cluster';
import {
  harombeConfigSchema,
  type AgentEvent,
  type ConfirmationDecision,
  type Conversation,
  type ConversationSummary,
  type HarombeConfig,
  type HarombeConfigInput,
  type InstalledModel,
  type PendingConfirmation,
} from '../../src/shared';

/** A latch a scripted turn waits on, so a test decides when it moves on (no sleeps). */
export class Gate {
  private release!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  open(): void {
    this.release();
  }
}

/** Resolves when the signal aborts. */
export function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal || signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

export type TurnScript = (input: TurnInput) => AsyncIterable<AgentEvent>;

/** A turn that says `text` word by word in conversation `conversationId` (or the one asked for). */
export function replyScript(text: string, conversationId = 'conv-new'): TurnScript {
  return async function* (input) {
    const id = input.conversationId ?? conversationId;
    yield { type: 'route', node: 'local', tier: 0, complexity: 'simple', reason: 'single node' };
    for (const word of text.split(/(?<= )/)) yield { type: 'token', text: word };
    yield { type: 'done', conversation_id: id, response: text, steps: 1 };
  };
}

/**
 * A turn that says `first`, then waits for `gate` (or for cancellation), then finishes; `cancelled` resolves when the
 * turn saw its signal abort.
 */
export function gatedScript(first: string, gate: Gate, conversationId = 'conv-gated') {
  let sawAbort!: () => void;
  const cancelled = new Promise<void>((resolve) => (sawAbort = resolve));
  const script: TurnScript = async function* (input) {
    const id = input.conversationId ?? conversationId;
    yield { type: 'confirm_required', confirmation_id: 'c-1', conversation_id: id, tool_call: { id: 't1', name: 'shell', arguments: { command: 'ls' } }, description: 'shell: ls', expires_at: new Date(0).toISOString() };
    yield { type: 'token', text: first };
    await Promise.race([gate.opened, whenAborted(input.signal)]);
    if (input.signal?.aborted) {
      sawAbort();
      yield { type: 'done', conversation_id: id, response: first, steps: 1, cancelled: true };
      return;
    }
    yield { type: 'token', text: ' world' };
    yield { type: 'done', conversation_id: id, response: `${first} world`, steps: 1 };
  };
  return { script, cancelled };
}

export class FakeTurnRunner implements TurnRunner {
  readonly inputs: TurnInput[] = [];
  constructor(public script: TurnScript = replyScript('Hello! How can I help?')) {}
  runTurn(input: TurnInput): AsyncIterable<AgentEvent> {
    this.inputs.push(input);
    return this.script(input);
  }
}

export class FakeConfirmationBroker implements ConfirmationBroker {
  readonly waiting = new Map<string, PendingConfirmation>();
  readonly answers: { id: string; decision: ConfirmationDecision }[] = [];
  private readonly changes = new Emitter<void>();
  readonly onDidChange = this.changes.event;

  add(confirmation: PendingConfirmation): void {
    this.waiting.set(confirmation.confirmation_id, confirmation);
    this.changes.fire();
  }
  pending(): PendingConfirmation[] {
    return [...this.waiting.values()];
  }
  answer(confirmationId: string, decision: ConfirmationDecision): boolean {
    if (!this.waiting.delete(confirmationId)) return false;
    this.answers.push({ id: confirmationId, decision });
    this.changes.fire();
    return true;
  }
}

export class InMemoryConversationStore implements ConversationStore {
  readonly conversations = new Map<string, Conversation>();
  async list(): Promise<ConversationSummary[]> {
    return [...this.conversations.values()]
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at))
      .map(({ id, title, created_at, updated_at, messages }) => ({ id, title, created_at, updated_at, message_count: messages.length }));
  }
  async get(id: string): Promise<Conversation | undefined> {
    return this.conversations.get(id);
  }
  async save(conversation: Conversation): Promise<void> {
    this.conversations.set(conversation.id, conversation);
  }
  async delete(id: string): Promise<boolean> {
    return this.conversations.delete(id);
  }
}

export function sampleConversation(id: string, text = 'Hello!'): Conversation {
  return {
    id,
    title: text,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:01.000Z',
    messages: [
      { role: 'user', content: text },
      { role: 'assistant', content: 'Hi there.' },
    ],
    always_allow: [],
  };
}

export class FakeConfigService implements ConfigService {
  readonly updates: HarombeConfig[] = [];
  failure: Error | undefined;
  private current: HarombeConfig;
  constructor(
    input: HarombeConfigInput = {},
    readonly path = '/home/test/.harombe/harombe.yaml',
  ) {
    this.current = harombeConfigSchema.parse(input);
  }
  get(): HarombeConfig {
    return this.current;
  }
  async update(next: HarombeConfig): Promise<void> {
    if (this.failure) throw this.failure;
    this.updates.push(next);
    this.current = next;
  }
  /** What the file says now, for reload(); undefined: unchanged. */
  onDisk: HarombeConfig | undefined;
  async reload(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.onDisk) this.current = this.onDisk;
  }
}

export class FakeModelAdmin implements ModelAdmin {
  failure: Error | undefined;
  readonly pulls: { name: string; signal: AbortSignal | undefined }[] = [];
  constructor(
    public models: InstalledModel[] = [{ name: 'qwen2.5:7b', size: 4_700_000_000, family: 'qwen2' }, { name: 'llama3.2:3b', size: 2_000_000_000 }],
    public progress: PullProgress[] = [{ status: 'pulling manifest' }, { status: 'downloading', digest: 'sha256:abc', total: 100, completed: 50 }, { status: 'success' }],
  ) {}
  async listModels(): Promise<InstalledModel[]> {
    if (this.failure) throw this.failure;
    return this.models;
  }
  async *pull(name: string, signal?: AbortSignal): AsyncIterable<PullProgress> {
    this.pulls.push({ name, signal });
    if (this.failure) throw this.failure;
    yield* this.progress;
  }
}

export class RecordingLogger implements ServerLogger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info: ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
}

export interface FakeWorld {
  services: ServerServices;
  turns: FakeTurnRunner;
  confirmations: FakeConfirmationBroker;
  conversations: InMemoryConversationStore;
  config: FakeConfigService;
  models: FakeModelAdmin;
  logger: RecordingLogger;
}

/** Every collaborator faked; `overrides` replaces any of the services (a real `Cluster` is served as the runtime serves it). */
export function fakeWorld(options: { config?: HarombeConfigInput; overrides?: Omit<Partial<ServerServices>, 'cluster'> & { cluster?: Cluster } } = {}): FakeWorld {
  const turns = new FakeTurnRunner();
  const confirmations = new FakeConfirmationBroker();
  const conversations = new InMemoryConversationStore();
  const config = new FakeConfigService(options.config ?? { model: { name: 'qwen2.5:7b' } });
  const models = new FakeModelAdmin();
  const logger = new RecordingLogger();
  const activeModel = () => config.get().model.name;
  const { cluster, ...overrides } = options.overrides ?? {};
  const services: ServerServices = {
    config,
    turns,
    confirmations,
    conversations,
    tools: {
      list: () => [
        { name: 'shell', description: 'Run a shell command in the workspace', dangerous: true },
        { name: 'read_file', description: 'Read a file in the workspace', dangerous: false },
      ],
    },
    models,
    upstream: new LocalOllamaResolver({
      ollamaHost: () => config.get().ollama.host,
      activeModel,
      nodeName: 'local',
      ...(options.overrides?.fetch ? { fetch: options.overrides.fetch } : {}),
    }),
    activeModel,
    node: { name: 'local', tier: 0 },
    sandbox: () => ({ mode: 'none', reason: 'bubblewrap is not installed' }),
    logger,
    ...overrides,
  };
  if (cluster) {
    // Built at the first request, as the runtime builds it once per cluster: a test may swap services.upstream first.
    let service: ClusterService | undefined;
    services.cluster = () => (service ??= clusterService(cluster, services.upstream));
  }
  return { services, turns, confirmations, conversations, config, models, logger };
}

/** What @hono/node-server would pass as `c.env`: only the socket's remote address matters to the server. */
export function socketFrom(remoteAddress: string): ServerEnv['Bindings'] {
  return { incoming: { socket: { remoteAddress } } } as unknown as ServerEnv['Bindings'];
}

export const TEST_PORT = 8000;
export const BASE = `http://127.0.0.1:${TEST_PORT}`;

/** An in-process request as if it came over a socket from `from` (loopback by default). */
/** The local token the test apps and servers are made with (createApp's `localToken`). */
export const TEST_LOCAL_TOKEN = 'test-local-token-0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A request to `app` from `from`. From loopback it carries the local token, as the CLI and the web UI do; pass
 * `anonymous: true` for a caller without it (another user's process, a sandboxed command). Remote callers send only
 * the headers given.
 */
export function call(app: Hono<ServerEnv>, path: string, init: RequestInit & { json?: unknown; anonymous?: boolean } = {}, from = '127.0.0.1') {
  const { json, anonymous, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  if (!anonymous && isLoopbackAddress(from) && !headers.has('authorization')) headers.set('authorization', `Bearer ${TEST_LOCAL_TOKEN}`);
  const request = new Request(new URL(path, BASE), { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  return app.request(request, undefined, socketFrom(from));
}

/** Parses an SSE body into its events (`event:` name and the JSON `data:`), with the parser the API client uses. */
export function parseSse(text: string): { event: string; data: unknown }[] {
  return parseServerSentEvents(text).map(({ event, data }) => ({ event, data: JSON.parse(data) as unknown }));
}
