// The HTTP API in-process (app.request): the seed's curl lines, validation, conversations, confirmations, config, models.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/server/app';
import { REDACTED, apiErrorSchema, healthResponseSchema } from '../../src/shared';
import { Gate, TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld, gatedScript, parseSse, replyScript, sampleConversation, socketFrom } from '../support/fake-services';

function setup(options: Parameters<typeof fakeWorld>[0] = {}, appOptions: { requestTimeoutMs?: number } = {}) {
  const world = fakeWorld(options);
  const app = createApp(world.services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN, ...appOptions });
  return { ...world, app };
}

async function errorOf(response: Response) {
  return apiErrorSchema.parse(await response.json()).error;
}

describe('the seed README curl lines', () => {
  it('curl http://localhost:8000/health', async () => {
    const { app } = setup();
    const response = await app.request('http://localhost:8000/health', undefined, socketFrom('127.0.0.1'));
    expect(response.status).toBe(200);
    const body = healthResponseSchema.parse(await response.json());
    expect(body).toEqual({ status: 'healthy', model: 'qwen2.5:7b', version: expect.any(String), node: { name: 'local', tier: 0 }, uptime_seconds: expect.any(Number), pid: process.pid });
  });

  it('curl -X POST http://localhost:8000/chat -H "Content-Type: application/json" -d \'{"message": "Hello!"}\'', async () => {
    const { app, turns } = setup();
    const response = await app.request(
      'http://localhost:8000/chat',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message": "Hello!"}' },
      socketFrom('::1'),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ response: 'Hello! How can I help?', conversation_id: 'conv-new', steps: 1 });
    expect(turns.inputs[0]).toMatchObject({ message: 'Hello!', attendance: 'deny' });
  });
});

describe('POST /chat', () => {
  it('lets dangerous tools run unasked only when confirm_dangerous is false', async () => {
    const { app, turns } = setup({ config: { tools: { confirm_dangerous: false } } });
    await call(app, '/chat', { method: 'POST', json: { message: 'hi' } });
    expect(turns.inputs[0]?.attendance).toBe('allow');
  });

  it('continues an existing conversation and refuses an unknown one with 404', async () => {
    const { app, turns, conversations } = setup();
    await conversations.save(sampleConversation('abc'));
    const ok = await call(app, '/chat', { method: 'POST', json: { message: 'more', conversation_id: 'abc' } });
    expect(await ok.json()).toMatchObject({ conversation_id: 'abc' });
    expect(turns.inputs[0]?.conversationId).toBe('abc');

    const missing = await call(app, '/chat', { method: 'POST', json: { message: 'more', conversation_id: 'nope' } });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('conversation_not_found');
  });

  it("answers an agent error with its code, message and hint, and a status that says whose fault it is", async () => {
    const { app, turns } = setup();
    turns.script = async function* () {
      yield { type: 'error', code: 'unreachable', message: 'Cannot reach Ollama at http://localhost:11434', hint: 'Start it with `ollama serve`.' };
    };
    const response = await call(app, '/chat', { method: 'POST', json: { message: 'hi' } });
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toEqual({ code: 'unreachable', message: 'Cannot reach Ollama at http://localhost:11434', hint: 'Start it with `ollama serve`.' });
  });

  it('stops a turn at the deadline with 504 and aborts it', async () => {
    const { app, turns } = setup({}, { requestTimeoutMs: 50 });
    const { script, cancelled } = gatedScript('Hel', new Gate());
    turns.script = script;
    const response = await call(app, '/chat', { method: 'POST', json: { message: 'hi' } });
    expect(response.status).toBe(504);
    expect((await errorOf(response)).code).toBe('deadline_exceeded');
    await cancelled;
  });
});

describe('request bodies', () => {
  it('answers 400 naming the zod issue path', async () => {
    const { app } = setup();
    const response = await call(app, '/chat', { method: 'POST', json: { message: 42 } });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([{ path: ['message'], message: expect.stringContaining('expected string') }]);
    expect(error.message).toContain('message:');
  });

  it('names nested paths', async () => {
    const { app } = setup();
    const response = await call(app, '/config', { method: 'PUT', json: { config: { server: { port: 'eighty' } } } });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues?.[0]?.path).toEqual(['config', 'server', 'port']);
  });

  it('answers 400 "request body is not valid JSON" to malformed JSON', async () => {
    const { app } = setup();
    const response = await call(app, '/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message": "Hel' });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_json');
    expect(error.message).toContain('request body is not valid JSON');
  });

  it('refuses a form or text/plain body with 415 (what a foreign page could send without asking)', async () => {
    const { app } = setup();
    const response = await call(app, '/chat', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"message":"hi"}' });
    expect(response.status).toBe(415);
  });

  it('refuses a 2 MB body with 413', async () => {
    const { app, turns } = setup();
    const response = await call(app, '/chat', { method: 'POST', json: { message: 'x'.repeat(2 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('payload_too_large');
    expect(turns.inputs).toHaveLength(0);
  });

  it('answers unknown paths with a JSON 404 and a wrong method with 405', async () => {
    const { app } = setup();
    const missing = await call(app, '/nope');
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('not_found');
    const wrongMethod = await call(app, '/chat');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});

describe('POST /chat/stream (in process)', () => {
  it('relays the agent events as SSE, `event:` being the type, and asks for approval', async () => {
    const { app, turns } = setup();
    turns.script = replyScript('Hello there');
    const response = await call(app, '/chat/stream', { method: 'POST', json: { message: 'hi' } });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await response.text());
    expect(events.map((event) => event.event)).toEqual(['route', 'token', 'token', 'done']);
    expect(events[1]).toEqual({ event: 'token', data: { type: 'token', text: 'Hello ' } });
    expect(turns.inputs[0]?.attendance).toBe('ask');
  });

  it('ends the stream with an error event when the turn throws, without a stack trace', async () => {
    const { app, turns } = setup();
    turns.script = async function* () {
      yield { type: 'token', text: 'a' };
      throw new Error('kaput');
    };
    const events = parseSse(await (await call(app, '/chat/stream', { method: 'POST', json: { message: 'hi' } })).text());
    expect(events.at(-1)).toEqual({ event: 'error', data: expect.objectContaining({ type: 'error', code: 'internal', message: expect.stringContaining('kaput') }) });
    expect(JSON.stringify(events)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('conversations', () => {
  it('lists, gets (with messages) and deletes', async () => {
    const { app, conversations } = setup();
    await conversations.save(sampleConversation('one', 'First'));
    const list = await (await call(app, '/conversations')).json();
    expect(list).toEqual({ conversations: [expect.objectContaining({ id: 'one', title: 'First', message_count: 2 })] });

    const one = await (await call(app, '/conversations/one')).json();
    expect(one).toMatchObject({ id: 'one', messages: [{ role: 'user', content: 'First' }, { role: 'assistant' }] });

    const deleted = await call(app, '/conversations/one', { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ id: 'one', deleted: true });
    expect(conversations.conversations.size).toBe(0);
    expect((await call(app, '/conversations/one')).status).toBe(404);
    expect((await call(app, '/conversations/one', { method: 'DELETE' })).status).toBe(404);
  });

  it('rejects an id that cannot be a conversation id with 400', async () => {
    const { app } = setup();
    const response = await call(app, '/conversations/has%20space');
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues?.[0]?.path).toEqual(['id']);
  });

  it('cancels the turn running in a conversation', async () => {
    const { app, turns, conversations } = setup();
    await conversations.save(sampleConversation('busy'));
    const { script, cancelled } = gatedScript('Hel', new Gate());
    turns.script = script;
    const stream = await call(app, '/chat/stream', { method: 'POST', json: { message: 'hi', conversation_id: 'busy' } });
    const reader = stream.body!.getReader();
    await reader.read(); // the turn is running once its first event arrived

    const response = await call(app, '/conversations/busy/cancel', { method: 'POST' });
    expect(await response.json()).toEqual({ conversation_id: 'busy', cancelled: true });
    await cancelled;
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(parseSse(rest).at(-1)).toMatchObject({ event: 'done', data: { cancelled: true } });

    expect(await (await call(app, '/conversations/busy/cancel', { method: 'POST' })).json()).toEqual({ conversation_id: 'busy', cancelled: false });
    expect((await call(app, '/conversations/ghost/cancel', { method: 'POST' })).status).toBe(404);
  });
});

describe('confirmations', () => {
  it('lists the waiting ones and answers one', async () => {
    const { app, confirmations } = setup();
    confirmations.add({
      confirmation_id: 'c-7',
      conversation_id: 'abc',
      tool_call: { id: 't1', name: 'shell', arguments: { command: 'rm -rf build' } },
      description: 'shell: rm -rf build',
      created_at: '2025-01-01T00:00:00.000Z',
      expires_at: '2025-01-01T00:05:00.000Z',
    });
    const list = await (await call(app, '/confirmations')).json();
    expect(list).toMatchObject({ confirmations: [{ confirmation_id: 'c-7', description: 'shell: rm -rf build' }] });

    const answered = await call(app, '/confirmations/c-7', { method: 'POST', json: { decision: 'allow_once' } });
    expect(await answered.json()).toEqual({ confirmation_id: 'c-7', decision: 'allow_once' });
    expect(confirmations.answers).toEqual([{ id: 'c-7', decision: 'allow_once' }]);

    const again = await call(app, '/confirmations/c-7', { method: 'POST', json: { decision: 'deny' } });
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe('confirmation_not_found');
  });

  it('validates the decision', async () => {
    const { app } = setup();
    const response = await call(app, '/confirmations/c-1', { method: 'POST', json: { decision: 'maybe' } });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues?.[0]?.path).toEqual(['decision']);
  });
});

describe('tools, models, metrics, hardware', () => {
  it('GET /tools lists the tools and the sandbox in use', async () => {
    const { app } = setup();
    expect(await (await call(app, '/tools')).json()).toEqual({
      tools: [
        { name: 'shell', description: 'Run a shell command in the workspace', dangerous: true },
        { name: 'read_file', description: 'Read a file in the workspace', dangerous: false },
      ],
      mcp_servers: [],
      confirm_dangerous: true,
      sandbox: { mode: 'auto', active: 'none', detail: 'bubblewrap is not installed' },
    });
  });

  it('GET /models marks the configured model', async () => {
    const { app } = setup();
    const body = await (await call(app, '/models')).json();
    expect(body).toMatchObject({
      configured: 'qwen2.5:7b',
      models: [
        { name: 'qwen2.5:7b', configured: true, size: 4_700_000_000, family: 'qwen2' },
        { name: 'llama3.2:3b', configured: false },
      ],
    });
  });

  it('GET /models says when the backend is down', async () => {
    const { app, models } = setup();
    models.failure = Object.assign(new Error('Cannot reach Ollama at http://localhost:11434'), { code: 'unreachable', hint: 'Run `ollama serve`.' });
    const response = await call(app, '/models');
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({ code: 'unreachable', hint: 'Run `ollama serve`.' });
  });

  it('POST /models/pull streams progress, then done', async () => {
    const { app, models } = setup();
    const response = await call(app, '/models/pull', { method: 'POST', json: { name: 'llama3.2:1b' } });
    const events = parseSse(await response.text());
    expect(events.map((event) => event.event)).toEqual(['progress', 'progress', 'progress', 'done']);
    expect(events[1]?.data).toEqual({ type: 'progress', status: 'downloading', digest: 'sha256:abc', total: 100, completed: 50 });
    expect(events[3]?.data).toEqual({ type: 'done', model: 'llama3.2:1b' });
    expect(models.pulls[0]?.name).toBe('llama3.2:1b');
  });

  it('POST /models/pull refuses a name that is not a model name', async () => {
    const { app } = setup();
    expect((await call(app, '/models/pull', { method: 'POST', json: { name: '../../etc' } })).status).toBe(400);
  });

  it('GET /metrics shows an empty cluster until the cluster fills it', async () => {
    const { app } = setup();
    const body = await (await call(app, '/metrics')).json();
    expect(body).toMatchObject({ nodes: [], cluster_summary: { total_nodes: 0, total_requests: 0 } });
  });

  it('GET /hardware reports the machine, or 503 where no detector is wired', async () => {
    const without = setup();
    expect((await call(without.app, '/hardware')).status).toBe(503);
    const report = {
      profile: { kind: 'cpu' as const, gpus: [], totalMemoryGb: 16, usableVramGb: 16, cpu: { brand: 'Test CPU', cores: 8, speedGhz: null }, platform: 'linux' },
      recommendation: { model: 'qwen2.5:7b', reason: '16 GB of RAM and no GPU' },
    };
    const withHardware = setup({ overrides: { hardware: { report: async () => report } } });
    expect(await (await call(withHardware.app, '/hardware')).json()).toEqual(report);
  });
});

describe('config', () => {
  const secretConfig = { model: { name: 'qwen2.5:7b' }, server: { auth_token: 'super-secret-token' }, cluster: { nodes: [{ name: 'box', host: '127.0.0.2', model: 'qwen2.5:14b', tier: 1, auth_token: 'node-secret' }] } };

  it('GET /config never shows a secret', async () => {
    const { app } = setup({ config: secretConfig });
    const response = await call(app, '/config');
    const text = await response.text();
    expect(text).not.toContain('super-secret-token');
    expect(text).not.toContain('node-secret');
    const body = JSON.parse(text) as { config: { server: { auth_token: string }; cluster: { nodes: { auth_token: string }[] } }; path: string };
    expect(body.config.server.auth_token).toBe(REDACTED);
    expect(body.config.cluster.nodes[0]?.auth_token).toBe(REDACTED);
    expect(body.path).toBe('/home/test/.harombe/harombe.yaml');
  });

  it('PUT /config saves a validated config and keeps secrets sent back redacted', async () => {
    const { app, config } = setup({ config: secretConfig });
    const { config: shown } = (await (await call(app, '/config')).json()) as { config: Record<string, unknown> };
    const edited = { ...shown, model: { ...(shown['model'] as object), temperature: 0.2 }, server: { ...(shown['server'] as object), port: 9000 } };
    const response = await call(app, '/config', { method: 'PUT', json: { config: edited } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { restart_required: string[]; config: { model: { temperature: number } } };
    expect(body.config.model.temperature).toBe(0.2);
    expect(body.restart_required).toEqual(['server.port']);
    expect(config.get().server.auth_token).toBe('super-secret-token');
    expect(config.get().cluster?.nodes[0]?.auth_token).toBe('node-secret');
  });

  it('PUT /config refuses an unknown key and changes nothing', async () => {
    const { app, config } = setup();
    const response = await call(app, '/config', { method: 'PUT', json: { config: { modle: { name: 'x' } } } });
    expect(response.status).toBe(400);
    expect(config.updates).toHaveLength(0);
  });

  it('PUT /config says so when the config cannot be saved', async () => {
    const { app, config } = setup();
    config.failure = new Error('EACCES: permission denied');
    const response = await call(app, '/config', { method: 'PUT', json: { config: {} } });
    expect(response.status).toBe(500);
    expect(await errorOf(response)).toMatchObject({ code: 'config_not_saved', message: expect.stringContaining('permission denied') });
  });
});

describe('errors', () => {
  it('never carry a stack trace; a handler that throws is logged and answered 500', async () => {
    const { app, logger } = setup({ overrides: { metrics: { snapshot: () => { throw new Error('boom'); } } } });
    const response = await call(app, '/metrics');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('boom');
    expect(text).not.toMatch(/\.ts:\d+/);
    expect(logger.lines.join('\n')).toContain('boom');
  });

  it('a response that breaks the contract is a logged 500, not a leak', async () => {
    const { app, logger } = setup({ overrides: { metrics: { snapshot: () => ({ nodes: 'none' }) as never } } });
    expect((await call(app, '/metrics')).status).toBe(500);
    expect(logger.lines.join('\n')).toContain('metrics.get built a response that breaks the API contract');
  });
});

