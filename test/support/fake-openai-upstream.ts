// A local OpenAI-compatible server (as Ollama's /v1 answers) for relay tests: records requests, replies text or tool calls.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** The tool call the fake makes whenever the request offers tools. */
export const FAKE_TOOL_CALL = { id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } };

export class FakeOpenAiUpstream {
  readonly requests: RecordedRequest[] = [];
  readonly models = ['qwen2.5:7b', 'llama3.2:3b'];
  /** When set, a stream waits here after its first chunk (to show the relay passes chunks on as they come). */
  holdStream: Promise<void> | undefined;
  private server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    const path = request.url ?? '/';
    if (request.method === 'GET' && path === '/v1/models') {
      return json(response, 200, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created: 1, owned_by: 'library' })) });
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') return json(response, 404, { error: '404 page not found' });
    const body = JSON.parse(text) as Record<string, unknown>;
    this.requests.push({ path, headers: request.headers, body });
    const model = String(body['model']);
    if (!this.models.includes(model)) {
      return json(response, 404, { error: { message: `model "${model}" not found, try pulling it first`, type: 'api_error', param: null, code: null } });
    }
    const withTools = Array.isArray(body['tools']) && body['tools'].length > 0;
    if (body['stream'] === true) return this.stream(response, model, withTools, Boolean((body['stream_options'] as { include_usage?: boolean } | undefined)?.include_usage));
    const message = withTools ? { role: 'assistant', content: '', tool_calls: [FAKE_TOOL_CALL] } : { role: 'assistant', content: 'Hello there' };
    return json(response, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      system_fingerprint: 'fp_ollama',
      choices: [{ index: 0, message, finish_reason: withTools ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
    });
  }

  private async stream(response: ServerResponse, model: string, withTools: boolean, includeUsage: boolean): Promise<void> {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: object, finishReason: string | null = null) => ({
      id: 'chatcmpl-2',
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    const send = (data: object) => response.write(`data: ${JSON.stringify(data)}\n\n`);
    send(chunk({ role: 'assistant', content: withTools ? '' : 'Hello' }));
    await this.holdStream;
    if (withTools) {
      // Split across deltas, as OpenAI sends them: id and name first, then the arguments in pieces.
      const { id, type, function: call } = FAKE_TOOL_CALL;
      send(chunk({ tool_calls: [{ index: 0, id, type, function: { name: call.name, arguments: '' } }] }));
      send(chunk({ tool_calls: [{ index: 0, function: { arguments: call.arguments.slice(0, 10) } }] }));
      send(chunk({ tool_calls: [{ index: 0, function: { arguments: call.arguments.slice(10) } }] }));
      send(chunk({}, 'tool_calls'));
    } else {
      send(chunk({ content: ' there' }));
      send(chunk({}, 'stop'));
    }
    if (includeUsage) send({ ...chunk({}), choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } });
    response.end('data: [DONE]\n\n');
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
