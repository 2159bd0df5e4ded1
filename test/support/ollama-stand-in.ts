// A scripted Ollama for tests: a real HTTP server on 127.0.0.1 speaking Ollama's native /api and its OpenAI-compatible /v1.
//
//   const standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
//   standIn.on({ lastUserMessage: /weather/ }).reply(['Sun', 'ny']);
//   standIn.on({ lastUserMessage: /files/ }).callTool('shell', { command: 'ls' });
//   standIn.on({ afterToolResult: 'shell' }).reply((request) => `Found: ${request.lastToolResult?.content}`);
//   standIn.otherwise().reply('Hello!');            // unscripted requests echo: `You said: <message>`
//   ... point a client at standIn.url, then look at standIn.chatRequests ...
//   await standIn.stop();
//
// `lastUserMessage` matches only while the user has the last word, so a tool-calling rule does not fire again on
// the tool result that follows it. Faults, per rule or for any endpoint:
//   .failWith(500, 'llama runner process has terminated')   .closeAfter(2)   .errorAfter(1, 'out of memory')
//   .delayFirstByte(ms)   .delayBetweenTokens(ms)   .hang()   standIn.fault({ path: '/api/tags', hang: true })
// A model that is not served answers 404 as Ollama does; `toolCallDelivery: 'split'` speaks like OpenAI/vLLM.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Exchange, HttpProblem, readBody, type ReceivedRequest } from './stand-in-exchange';
import {
  normalizeModelName,
  openAIModelEntry,
  pullProgressLines,
  runningEntry,
  serveModel,
  showBody,
  tagsEntry,
  type ServedModel,
  type StandInModel,
} from './stand-in-models';
import { toChatRequest } from './stand-in-request';
import { StandInRule, type ResponseFaults, type RuleMatch, type StandInChatRequest, type ToolCallDelivery } from './stand-in-rules';
import {
  nativeChatLines,
  nativeChatResponse,
  openAICompletion,
  openAIErrorBody,
  openAIStreamErrorFrame,
  openAIStreamFrames,
  resolveAnswer,
} from './stand-in-wire';

export { StandInRule, tokenize } from './stand-in-rules';
export type { ResponseFaults, RuleMatch, StandInChatRequest, StandInMessage, ToolCallDelivery } from './stand-in-rules';
export type { StandInModel } from './stand-in-models';
export type { ReceivedRequest, RequestOutcome } from './stand-in-exchange';

export interface OllamaStandInOptions {
  /** Models served (pulled). Default: `qwen2.5:7b` with tools and a 32k context. */
  models?: StandInModel[];
  /** What GET /api/version answers. */
  version?: string;
  /** How /v1 delivers tool calls unless a rule says otherwise. Default 'whole', as Ollama does. */
  toolCallDelivery?: ToolCallDelivery;
  /** Delay before the first byte of every answer (ms). */
  firstByteDelayMs?: number;
  /** Delay between the chunks of every streamed answer, pull progress included (ms). */
  tokenDelayMs?: number;
  /** Which names POST /api/pull finds in the "library": any name (default) or only these. */
  pullable?: 'any' | string[];
}

/** A fault for any endpoint, checked before the endpoint answers (chat faults are better put on a rule). */
export interface EndpointFault extends Omit<ResponseFaults, 'errorAfterChunks'> {
  path: string | RegExp;
  method?: string;
  /** Applies to this many requests, then stops. Default: every request. */
  times?: number;
}

const JSON_LINES = 'application/x-ndjson';
const EVENT_STREAM = 'text/event-stream';
/** What Ollama says when the registry has no manifest for a name (images.go PullModel; a 404 from the registry). */
const UNKNOWN_MODEL_MANIFEST = 'pull model manifest: file does not exist';

export class OllamaStandIn {
  /** Every request received, oldest first. */
  readonly requests: ReceivedRequest[] = [];
  private readonly options: Required<Omit<OllamaStandInOptions, 'models'>>;
  private readonly models = new Map<string, ServedModel>();
  private readonly loaded = new Set<string>();
  private rules: StandInRule[] = [];
  private defaultRule = defaultRule();
  private faults: EndpointFault[] = [];
  private readonly exchanges = new Set<Exchange>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private port_: number | undefined;
  private toolCallCounter = 0;
  private completionCounter = 0;
  /** Endpoint faults that shape (delay, cut) the answer rather than replace it. */
  private readonly streamFaults = new WeakMap<Exchange, EndpointFault>();

  constructor(options: OllamaStandInOptions = {}) {
    this.options = {
      version: options.version ?? '0.6.5',
      toolCallDelivery: options.toolCallDelivery ?? 'whole',
      firstByteDelayMs: options.firstByteDelayMs ?? 0,
      tokenDelayMs: options.tokenDelayMs ?? 0,
      pullable: options.pullable ?? 'any',
    };
    for (const model of options.models ?? [{ name: 'qwen2.5:7b' }]) this.addModel(model);
  }

  /** Listens on 127.0.0.1 on an ephemeral port. Resolves to the stand-in itself, so `await new OllamaStandIn().start()`. */
  async start(): Promise<this> {
    if (this.server) return this;
    const server = createServer({ noDelay: true }, (request, response) => void this.handle(request, response));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port_ = (server.address() as AddressInfo).port;
    return this;
  }

  /** Ends every open request, closes every socket and the server. Safe to call twice. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const exchange of this.exchanges) exchange.finish('server-closed');
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `http://127.0.0.1:<port>`, what Ollama's host setting would be. */
  get url(): string {
    if (this.port_ === undefined) throw new Error('The Ollama stand-in is not started: await standIn.start() first.');
    return `http://127.0.0.1:${this.port_}`;
  }

  get port(): number {
    if (this.port_ === undefined) throw new Error('The Ollama stand-in is not started: await standIn.start() first.');
    return this.port_;
  }

  /** Adds a rule; rules are tried in the order they were added, the first that matches answers. */
  on(match: RuleMatch = {}): StandInRule {
    const rule = new StandInRule(match);
    this.rules.push(rule);
    return rule;
  }

  /**
   * The answer when no rule matches (replaces the previous default). Out of the box it echoes:
   * `You said: <message>`, or after a tool result `The <tool> tool returned: <output>`.
   */
  otherwise(): StandInRule {
    this.defaultRule = new StandInRule({});
    return this.defaultRule;
  }

  /** Makes requests to matching endpoints fail (any endpoint: tags, show, pull, chat...). */
  fault(fault: EndpointFault): void {
    this.faults.push({ ...fault });
  }

  /** Changes server-wide settings while running (delivery of tool calls, delays). */
  configure(options: Partial<Omit<OllamaStandInOptions, 'models'>>): void {
    Object.assign(this.options, options);
  }

  /** Forgets rules, faults and received requests (models and settings stay). */
  reset(): void {
    this.rules = [];
    this.faults = [];
    this.requests.length = 0;
    this.defaultRule = defaultRule();
  }

  addModel(model: StandInModel): void {
    const served = serveModel(model, new Date().toISOString());
    this.models.set(served.name, served);
  }

  removeModel(name: string): void {
    this.models.delete(normalizeModelName(name));
    this.loaded.delete(normalizeModelName(name));
  }

  hasModel(name: string): boolean {
    return this.models.has(normalizeModelName(name));
  }

  /** The chat requests received (both APIs), oldest first. */
  get chatRequests(): StandInChatRequest[] {
    return this.requests.flatMap((request) => (request.chat ? [request.chat] : []));
  }

  get lastChatRequest(): StandInChatRequest | undefined {
    return this.chatRequests.at(-1);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    let body: unknown;
    try {
      body = await readBody(request);
    } catch {
      // The client went away while sending its request: nothing to answer.
      response.destroy();
      return;
    }
    const exchange = new Exchange(request, response, path, body);
    this.requests.push(exchange.record);
    this.exchanges.add(exchange);
    void exchange.record.settled.then(() => this.exchanges.delete(exchange));
    const isOpenAI = path.startsWith('/v1/');
    try {
      if (await this.applyEndpointFault(exchange, isOpenAI)) return;
      await this.route(exchange, request.method ?? 'GET', path, body);
    } catch (error) {
      const status = error instanceof HttpProblem ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      exchange.sendJson(status, isOpenAI ? openAIErrorBody(status, message) : { error: message });
    }
  }

  private async applyEndpointFault(exchange: Exchange, isOpenAI: boolean): Promise<boolean> {
    const { method, path } = exchange.record;
    const fault = this.faults.find(
      (candidate) =>
        (candidate.times === undefined || candidate.times > 0) &&
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (typeof candidate.path === 'string' ? candidate.path === path : candidate.path.test(path)),
    );
    if (!fault) return false;
    if (fault.times !== undefined) fault.times -= 1;
    if (fault.hang) {
      await exchange.waitForClose();
      return true;
    }
    await exchange.wait(fault.firstByteDelayMs);
    if (fault.closeAfterChunks === 0) {
      exchange.destroy();
      return true;
    }
    if (fault.httpError) {
      const { status, message } = fault.httpError;
      exchange.sendJson(status, isOpenAI ? openAIErrorBody(status, message) : { error: message });
      return true;
    }
    // Delays and cuts of a streamed answer: the endpoint answers, shaped by the fault.
    this.streamFaults.set(exchange, fault);
    return false;
  }

  /** The delays and cuts for an answer: server settings, then an endpoint fault, then the rule's own. */
  private faultsFor(exchange: Exchange, ruleFaults: ResponseFaults = {}): ResponseFaults {
    const endpointFault = this.streamFaults.get(exchange);
    const fromEndpoint: ResponseFaults = endpointFault
      ? {
          // Its first-byte delay was already waited out before the endpoint ran.
          firstByteDelayMs: 0,
          ...(endpointFault.tokenDelayMs === undefined ? {} : { tokenDelayMs: endpointFault.tokenDelayMs }),
          ...(endpointFault.closeAfterChunks === undefined ? {} : { closeAfterChunks: endpointFault.closeAfterChunks }),
        }
      : {};
    return {
      firstByteDelayMs: this.options.firstByteDelayMs,
      tokenDelayMs: this.options.tokenDelayMs,
      ...fromEndpoint,
      ...ruleFaults,
    };
  }

  private async route(exchange: Exchange, method: string, path: string, body: unknown): Promise<void> {
    const route = `${method} ${path}`;
    const json = (isRecord(body) ? body : {}) as Record<string, unknown>;
    switch (route) {
      case 'GET /':
      case 'HEAD /':
        return exchange.sendText(200, 'Ollama is running');
      case 'GET /api/version':
        return exchange.sendJson(200, { version: this.options.version });
      case 'GET /api/tags':
        return exchange.sendJson(200, { models: [...this.models.values()].map(tagsEntry) });
      case 'GET /api/ps': {
        const expiresAt = new Date(Date.now() + 5 * 60_000).toISOString();
        const running = [...this.loaded].flatMap((name) => {
          const model = this.models.get(name);
          return model ? [runningEntry(model, expiresAt)] : [];
        });
        return exchange.sendJson(200, { models: running });
      }
      case 'POST /api/generate': {
        // Only the unload form (no prompt, `keep_alive: 0`), which is all harombe sends there; Ollama answers it so.
        const model = this.requireModel(modelField(json), 'chat');
        if (json.keep_alive !== 0 && json.keep_alive !== '0') throw new HttpProblem(400, 'the stand-in answers /api/generate only to unload (keep_alive: 0)');
        this.loaded.delete(model.name);
        return exchange.sendJson(200, { model: model.name, created_at: new Date().toISOString(), response: '', done: true, done_reason: 'unload' });
      }
      case 'POST /api/show':
        return exchange.sendJson(200, showBody(this.requireModel(modelField(json), 'show')));
      case 'DELETE /api/delete': {
        const model = this.requireModel(modelField(json), 'show');
        this.removeModel(model.name);
        return exchange.sendJson(200, {});
      }
      case 'POST /api/pull':
        return this.pull(exchange, modelField(json), json.stream !== false);
      case 'POST /api/chat':
        return this.chat(exchange, 'native', json);
      case 'POST /v1/chat/completions':
        return this.chat(exchange, 'openai', json);
      case 'GET /v1/models':
        return exchange.sendJson(200, { object: 'list', data: [...this.models.values()].map(openAIModelEntry) });
      default:
        throw new HttpProblem(404, `404 page not found`);
    }
  }

  /** The served model, or Ollama's 404: `model "x" not found, try pulling it first` (chat) / `model 'x' not found`. */
  private requireModel(name: string, purpose: 'chat' | 'show'): ServedModel {
    const model = this.models.get(normalizeModelName(name));
    if (model) return model;
    throw new HttpProblem(
      404,
      purpose === 'chat' ? `model "${name}" not found, try pulling it first` : `model '${name}' not found`,
    );
  }

  private async chat(exchange: Exchange, api: 'native' | 'openai', body: Record<string, unknown>): Promise<void> {
    const requestedModel = typeof body.model === 'string' ? body.model : '';
    const chat = toChatRequest(api, body, normalizeModelName(requestedModel));
    exchange.record.chat = chat;
    if (chat.messages.length === 0 && api === 'openai') throw new HttpProblem(400, "[] is too short - 'messages'");
    const model = this.requireModel(requestedModel, 'chat');
    if (chat.toolNames.length > 0 && !model.tools) throw new HttpProblem(400, `${requestedModel} does not support tools`);
    this.loaded.add(model.name);

    const rule = this.rules.find((candidate) => candidate.take(chat)) ?? this.defaultRule;
    const faults = this.faultsFor(exchange, rule.faults);
    if (faults.hang) return exchange.waitForClose();
    if (faults.httpError) {
      await exchange.wait(faults.firstByteDelayMs);
      const { status, message } = faults.httpError;
      return exchange.sendJson(status, api === 'openai' ? openAIErrorBody(status, message) : { error: message });
    }
    const answer = resolveAnswer(rule.answerFor(chat), () => this.nextToolCallId(), estimateTokens(chat));
    const created = Math.floor(Date.now() / 1000);
    const id = `chatcmpl-${++this.completionCounter}`;

    if (!chat.stream) {
      await exchange.wait(faults.firstByteDelayMs);
      if (faults.closeAfterChunks === 0) return exchange.destroy();
      const whole =
        api === 'openai'
          ? openAICompletion(answer, { id, model: model.name, created })
          : nativeChatResponse(answer, model.name, new Date().toISOString());
      return exchange.sendJson(200, whole);
    }

    let chunks: string[];
    if (api === 'openai') {
      const streamOptions = isRecord(body.stream_options) ? body.stream_options : {};
      chunks = openAIStreamFrames(answer, {
        id,
        model: model.name,
        created,
        delivery: rule.delivery ?? this.options.toolCallDelivery,
        includeUsage: streamOptions.include_usage === true,
      });
    } else {
      chunks = nativeChatLines(answer, model.name, () => new Date().toISOString());
    }
    if (faults.errorAfterChunks) {
      const { chunks: count, message } = faults.errorAfterChunks;
      const errorChunk = api === 'openai' ? openAIStreamErrorFrame(message) : `${JSON.stringify({ error: message })}\n`;
      chunks = [...chunks.slice(0, count), errorChunk];
    }
    await exchange.stream(api === 'openai' ? EVENT_STREAM : JSON_LINES, chunks, faults);
  }

  private async pull(exchange: Exchange, name: string, stream: boolean): Promise<void> {
    const { pullable } = this.options;
    const known = pullable === 'any' || pullable.map(normalizeModelName).includes(normalizeModelName(name));
    const faults = this.faultsFor(exchange);
    if (!known) {
      // Ollama's PullModel says "pulling manifest" before it asks the registry, so a streamed pull of an unknown name
      // is a 200 whose second NDJSON line is the error; only `stream: false` turns it into a 500.
      if (!stream) throw new HttpProblem(500, UNKNOWN_MODEL_MANIFEST);
      const lineTexts = [{ status: 'pulling manifest' }, { error: UNKNOWN_MODEL_MANIFEST }].map((line) => `${JSON.stringify(line)}\n`);
      await exchange.stream(JSON_LINES, lineTexts, faults);
      return;
    }
    const lines = pullProgressLines(name);
    if (!stream) {
      await exchange.wait(faults.firstByteDelayMs);
      this.addModel({ name });
      return exchange.sendJson(200, { status: 'success' });
    }
    const lineTexts = lines.map((line) => `${JSON.stringify(line)}\n`);
    if (await exchange.stream(JSON_LINES, lineTexts, faults)) this.addModel({ name });
  }

  /** Ollama's tool call ids look like `call_` and 8 characters; these count up so tests are repeatable. */
  private nextToolCallId(): string {
    this.toolCallCounter += 1;
    return `call_${this.toolCallCounter.toString(36).padStart(8, '0')}`;
  }
}

function defaultRule(): StandInRule {
  return new StandInRule({}).reply((request) =>
    request.lastToolResult
      ? `The ${request.lastToolResult.name ?? 'unknown'} tool returned: ${request.lastToolResult.content}`
      : `You said: ${request.lastUserMessage ?? ''}`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Ollama accepts the model under `model` or the older `name`. */
function modelField(body: Record<string, unknown>): string {
  const value = body.model ?? body.name;
  return typeof value === 'string' ? value : '';
}

/** A stable stand-in for the prompt's token count: about four characters a token. */
function estimateTokens(request: StandInChatRequest): number {
  const characters = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  return Math.max(1, Math.ceil(characters / 4));
}
