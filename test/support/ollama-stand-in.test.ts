// The stand-in speaks Ollama's wire format (native NDJSON, /v1 SSE, error bodies), follows its script and injects faults.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OllamaStandIn } from './ollama-stand-in';

const standIn = new OllamaStandIn({
  models: [{ name: 'qwen2.5:7b', contextLength: 32768 }, { name: 'gemma:2b', tools: false, family: 'gemma', contextLength: 8192 }],
});

beforeAll(async () => {
  await standIn.start();
});
afterEach(() => {
  standIn.reset();
  standIn.configure({ toolCallDelivery: 'whole', tokenDelayMs: 0, firstByteDelayMs: 0 });
});
afterAll(async () => {
  await standIn.stop();
});

function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${standIn.url}${path}`, { method: 'POST', body: JSON.stringify(body), ...init });
}

async function sseData(response: Response): Promise<string[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      expect(frame.startsWith('data: ')).toBe(true);
      return frame.slice('data: '.length);
    });
}

async function sseChunks(response: Response) {
  const data = await sseData(response);
  expect(data.at(-1)).toBe('[DONE]');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON checked field by field below
  return data.slice(0, -1).map((frame) => JSON.parse(frame) as any);
}

async function ndjson(response: Response) {
  const text = await response.text();
  expect(text.endsWith('\n')).toBe(true);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON checked field by field below
  return text.trimEnd().split('\n').map((line) => JSON.parse(line) as any);
}

const question = (content: string) => ({ model: 'qwen2.5:7b', messages: [{ role: 'user', content }] });

describe('native /api', () => {
  it('answers the metadata endpoints the way Ollama does', async () => {
    expect(await (await fetch(standIn.url)).text()).toBe('Ollama is running');
    expect(await (await fetch(`${standIn.url}/api/version`)).json()).toEqual({ version: '0.6.5' });

    const tags = (await (await fetch(`${standIn.url}/api/tags`)).json()) as { models: Record<string, unknown>[] };
    expect(tags.models.map((model) => model.name)).toEqual(['qwen2.5:7b', 'gemma:2b']);
    expect(tags.models[0]).toMatchObject({
      name: 'qwen2.5:7b',
      model: 'qwen2.5:7b',
      size: expect.any(Number),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: { format: 'gguf', family: 'qwen2', quantization_level: 'Q4_K_M' },
    });

    const show = (await (await post('/api/show', { model: 'qwen2.5:7b' })).json()) as Record<string, unknown>;
    expect(show.capabilities).toEqual(['completion', 'tools']);
    expect(show.model_info).toMatchObject({ 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 });
    const gemma = (await (await post('/api/show', { model: 'gemma:2b' })).json()) as Record<string, unknown>;
    expect(gemma.capabilities).toEqual(['completion']);
    expect(gemma.model_info).toMatchObject({ 'gemma.context_length': 8192 });
  });

  it('answers 404 with an error body for a model it does not have', async () => {
    const show = await post('/api/show', { model: 'llama3:70b' });
    expect(show.status).toBe(404);
    expect(show.headers.get('content-type')).toContain('application/json');
    expect(await show.json()).toEqual({ error: "model 'llama3:70b' not found" });

    const chat = await post('/api/chat', { ...question('hi'), model: 'llama3:70b' });
    expect(chat.status).toBe(404);
    expect(await chat.json()).toEqual({ error: 'model "llama3:70b" not found, try pulling it first' });
  });

  it('streams /api/chat as NDJSON: a line per token, then the done line with statistics', async () => {
    standIn.on({ lastUserMessage: /weather/ }).reply(['Sun', 'ny']);
    const response = await post('/api/chat', question('What is the weather?'));
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = await ndjson(response);
    expect(lines.map((line) => line.message.content)).toEqual(['Sun', 'ny', '']);
    expect(lines[0]).toMatchObject({ model: 'qwen2.5:7b', message: { role: 'assistant' }, done: false });
    expect(lines[2]).toMatchObject({
      done: true,
      done_reason: 'stop',
      prompt_eval_count: expect.any(Number),
      eval_count: 2,
    });
  });

  it('sends native tool calls whole, with arguments as an object', async () => {
    standIn.on().callTool('shell', { command: 'ls' });
    const lines = await ndjson(await post('/api/chat', { ...question('list files'), tools: [] }));
    expect(lines[0].message.tool_calls).toEqual([
      { id: expect.stringMatching(/^call_/), function: { index: 0, name: 'shell', arguments: { command: 'ls' } } },
    ]);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('answers /api/chat whole when stream is false', async () => {
    standIn.on().reply('All good.');
    const body = await (await post('/api/chat', { ...question('hi'), stream: false })).json();
    expect(body).toMatchObject({ message: { role: 'assistant', content: 'All good.' }, done: true, done_reason: 'stop' });
  });

  it('pulls with NDJSON progress, then serves the model; deletes it again', async () => {
    const lines = await ndjson(await post('/api/pull', { model: 'phi3:mini' }));
    expect(lines[0]).toEqual({ status: 'pulling manifest' });
    const progress = lines.filter((line) => line.digest);
    expect(progress.length).toBeGreaterThan(2);
    for (const line of progress) {
      expect(line.status).toBe(`pulling ${(line.digest as string).slice('sha256:'.length, 'sha256:'.length + 12)}`);
      expect(line.total).toBeGreaterThan(0);
    }
    expect(progress.some((line) => line.completed === line.total)).toBe(true);
    expect(lines.at(-1)).toEqual({ status: 'success' });
    expect(standIn.hasModel('phi3:mini')).toBe(true);

    const deleted = await fetch(`${standIn.url}/api/delete`, { method: 'DELETE', body: JSON.stringify({ model: 'phi3:mini' }) });
    expect(deleted.status).toBe(200);
    expect(standIn.hasModel('phi3:mini')).toBe(false);
    const again = await fetch(`${standIn.url}/api/delete`, { method: 'DELETE', body: JSON.stringify({ model: 'phi3:mini' }) });
    expect(again.status).toBe(404);
  });

  it('fails a pull of a name the library does not have, as Ollama does', async () => {
    const strict = await new OllamaStandIn({ pullable: ['qwen2.5:7b'] }).start();
    try {
      // Streamed (the default): a 200 whose NDJSON says "pulling manifest", then the error line.
      const streamed = await fetch(`${strict.url}/api/pull`, { method: 'POST', body: JSON.stringify({ name: 'nope:1b' }) });
      expect(streamed.status).toBe(200);
      expect(await ndjson(streamed)).toEqual([{ status: 'pulling manifest' }, { error: 'pull model manifest: file does not exist' }]);
      // stream: false waits for the outcome, so the error can be the status.
      const waited = await fetch(`${strict.url}/api/pull`, { method: 'POST', body: JSON.stringify({ name: 'nope:1b', stream: false }) });
      expect(waited.status).toBe(500);
      expect(await waited.json()).toEqual({ error: 'pull model manifest: file does not exist' });
    } finally {
      await strict.stop();
    }
  });

  it('lists a model as running once it has answered', async () => {
    await (await post('/api/chat', { ...question('hi'), stream: false })).json();
    const ps = (await (await fetch(`${standIn.url}/api/ps`)).json()) as { models: Record<string, unknown>[] };
    expect(ps.models[0]).toMatchObject({ name: 'qwen2.5:7b', size_vram: expect.any(Number), expires_at: expect.any(String) });
  });
});

describe('OpenAI-compatible /v1', () => {
  it('streams text as Ollama does: role in every delta, finish_reason in its own chunk, usage chunk, [DONE]', async () => {
    standIn.on({ lastUserMessage: /weather/ }).reply(['Sun', 'ny']);
    const response = await post('/v1/chat/completions', {
      ...question('weather?'),
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const chunks = await sseChunks(response);
    expect(chunks).toHaveLength(4);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ object: 'chat.completion.chunk', model: 'qwen2.5:7b', id: chunks[0].id });
    }
    expect(chunks[0].choices).toEqual([{ index: 0, delta: { role: 'assistant', content: 'Sun' }, finish_reason: null }]);
    expect(chunks[1].choices[0].delta.content).toBe('ny');
    expect(chunks[2].choices).toEqual([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: 'stop' }]);
    expect(chunks[3].choices).toEqual([]);
    expect(chunks[3].usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: 2, total_tokens: expect.any(Number) });
  });

  it('sends no usage chunk unless asked for', async () => {
    const chunks = await sseChunks(await post('/v1/chat/completions', { ...question('hello'), stream: true }));
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    expect(chunks.map((chunk) => chunk.choices[0].delta.content).join('')).toBe('You said: hello');
  });

  it('delivers tool calls whole in one delta (Ollama)', async () => {
    standIn.on({ lastUserMessage: /files/ }).callTool('shell', { command: 'ls -la' }).callTool('read_file', { path: 'a.txt' });
    const chunks = await sseChunks(await post('/v1/chat/completions', { ...question('list files'), stream: true }));
    expect(chunks).toHaveLength(2);
    expect(chunks[0].choices[0].delta.tool_calls).toEqual([
      { id: expect.stringMatching(/^call_/), index: 0, type: 'function', function: { name: 'shell', arguments: '{"command":"ls -la"}' } },
      { id: expect.stringMatching(/^call_/), index: 1, type: 'function', function: { name: 'read_file', arguments: '{"path":"a.txt"}' } },
    ]);
    expect(chunks[1].choices[0]).toMatchObject({ finish_reason: 'tool_calls', delta: { content: '' } });
  });

  it('delivers tool calls split across deltas (OpenAI, vLLM) when asked', async () => {
    standIn.on().callTool('shell', { command: 'ls -la' }, { id: 'call_fixed01' }).toolCallsDelivered('split');
    const chunks = await sseChunks(
      await post('/v1/chat/completions', { ...question('x'), stream: true, stream_options: { include_usage: true } }),
    );
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({ index: 0, id: 'call_fixed01', type: 'function', function: { name: 'shell', arguments: '' } });
    expect(toolDeltas.length).toBeGreaterThan(2);
    for (const fragment of toolDeltas.slice(1)) {
      expect(fragment.id).toBeUndefined();
      expect(fragment.function.name).toBeUndefined();
    }
    expect(toolDeltas.map((delta) => delta.function.arguments).join('')).toBe('{"command":"ls -la"}');
    expect(chunks.at(-2).choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'tool_calls' });
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 1 } });
  });

  it('switches the whole server to split delivery with configure()', async () => {
    standIn.configure({ toolCallDelivery: 'split' });
    standIn.on().callTool('shell', { command: 'pwd' });
    const chunks = await sseChunks(await post('/v1/chat/completions', { ...question('x'), stream: true }));
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas.length).toBeGreaterThan(1);
  });

  it('answers whole as chat.completion when not streaming', async () => {
    standIn.on().reply('Hi there.');
    const body = await (await post('/v1/chat/completions', question('hi'))).json();
    expect(body).toMatchObject({
      object: 'chat.completion',
      model: 'qwen2.5:7b',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there.' }, finish_reason: 'stop' }],
      usage: { completion_tokens: 2 },
    });
  });

  it('lists models', async () => {
    const body = await (await fetch(`${standIn.url}/v1/models`)).json();
    expect(body).toEqual({
      object: 'list',
      data: [
        { id: 'qwen2.5:7b', object: 'model', created: expect.any(Number), owned_by: 'library' },
        { id: 'gemma:2b', object: 'model', created: expect.any(Number), owned_by: 'library' },
      ],
    });
  });

  it('answers errors in OpenAI shape: unknown model 404, tools on a model without them 400', async () => {
    const missing = await post('/v1/chat/completions', { ...question('hi'), model: 'llama3:70b' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { message: 'model "llama3:70b" not found, try pulling it first', type: 'not_found_error', param: null, code: null },
    });
    const noTools = await post('/v1/chat/completions', {
      ...question('hi'),
      model: 'gemma:2b',
      tools: [{ type: 'function', function: { name: 'shell', parameters: {} } }],
    });
    expect(noTools.status).toBe(400);
    expect(await noTools.json()).toMatchObject({ error: { message: 'gemma:2b does not support tools', type: 'invalid_request_error' } });
  });
});

describe('script', () => {
  it('tries rules in order, lets a once() rule pass after one use, and falls back to the default', async () => {
    standIn.on({ lastUserMessage: 'weather' }).reply('First.').once();
    standIn.on({ lastUserMessage: /weather/ }).reply('Second.');
    standIn.otherwise().reply('Default.');
    const ask = async (content: string) =>
      ((await (await post('/v1/chat/completions', question(content))).json()) as { choices: { message: { content: string } }[] })
        .choices[0]?.message.content;
    expect(await ask('weather?')).toBe('First.');
    expect(await ask('weather?')).toBe('Second.');
    expect(await ask('hello')).toBe('Default.');
  });

  it('echoes by default: the user\'s message, or the tool\'s output after a tool result', async () => {
    const answer = async (messages: unknown[]) =>
      ((await (await post('/v1/chat/completions', { model: 'qwen2.5:7b', messages })).json()) as { choices: { message: { content: string } }[] })
        .choices[0]?.message.content;
    expect(await answer([{ role: 'user', content: 'ping' }])).toBe('You said: ping');
    expect(
      await answer([
        { role: 'user', content: 'list' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
      ]),
    ).toBe('The shell tool returned: a.txt');
  });

  it('answers a tool result with a reply built from it, and records what it received', async () => {
    const toolRule = standIn.on({ lastUserMessage: /files/ }).callTool('shell', { command: 'ls' });
    standIn.on({ afterToolResult: 'shell' }).reply((request) => `Found: ${request.lastToolResult?.content}`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON
    const first = (await (await post('/v1/chat/completions', { ...question('list files'), tools: [] })).json()) as any;
    const call = first.choices[0].message.tool_calls[0];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire JSON
    const second: any = await (
      await post('/v1/chat/completions', {
        model: 'qwen2.5:7b',
        messages: [
          { role: 'user', content: 'list files' },
          { role: 'assistant', content: '', tool_calls: [call] },
          { role: 'tool', tool_call_id: call.id, content: 'a.txt b.txt' },
        ],
      })
    ).json();
    expect(second.choices[0].message.content).toBe('Found: a.txt b.txt');
    expect(toolRule.hits).toBe(1);
    expect(standIn.chatRequests).toHaveLength(2);
    expect(standIn.lastChatRequest?.lastToolResult).toMatchObject({ name: 'shell', content: 'a.txt b.txt' });
    expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/chat/completions',
      'POST /v1/chat/completions',
    ]);
  });
});

describe('faults', () => {
  it('answers 500 with an Ollama error body on either API', async () => {
    standIn.on().failWith(500, 'llama runner process has terminated: signal: killed');
    const native = await post('/api/chat', question('hi'));
    expect(native.status).toBe(500);
    expect(await native.json()).toEqual({ error: 'llama runner process has terminated: signal: killed' });
    const openai = await post('/v1/chat/completions', question('hi'));
    expect(openai.status).toBe(500);
    expect(await openai.json()).toMatchObject({ error: { message: 'llama runner process has terminated: signal: killed', type: 'api_error' } });
  });

  it('closes the connection mid-stream after N chunks', async () => {
    standIn.on().reply(['a', 'b', 'c', 'd']).closeAfter(2);
    const response = await post('/v1/chat/completions', { ...question('hi'), stream: true });
    await expect(response.text()).rejects.toThrow();
    const record = standIn.requests.at(-1);
    expect(await record?.settled).toBe('server-closed');
    expect(record?.chunksSent).toBe(2);
  });

  it('puts an error in the stream after N chunks', async () => {
    standIn.on().reply(['a', 'b', 'c']).errorAfter(1, 'out of memory');
    const data = await sseData(await post('/v1/chat/completions', { ...question('hi'), stream: true }));
    expect(data).toHaveLength(2);
    expect(JSON.parse(data[1] ?? '')).toMatchObject({ error: { message: 'out of memory' } });
  });

  it('sees the client hang up mid-stream (tokens delayed)', async () => {
    standIn.on().reply(['a', 'b', 'c', 'd', 'e']).delayBetweenTokens(5_000);
    const controller = new AbortController();
    const response = await post('/v1/chat/completions', { ...question('hi'), stream: true }, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const record = standIn.requests.at(-1);
    expect(await record?.settled).toBe('client-closed');
    expect(record?.chunksSent).toBe(1);
  });

  it('hangs until the client gives up, and fails any endpoint on request', async () => {
    standIn.on().hang();
    const gaveUp = post('/api/chat', question('hi'), { signal: AbortSignal.timeout(50) });
    await expect(gaveUp).rejects.toThrow();
    expect(await standIn.requests.at(-1)?.settled).toBe('client-closed');

    standIn.fault({ path: '/api/tags', httpError: { status: 500, message: 'disk full' }, times: 1 });
    expect((await fetch(`${standIn.url}/api/tags`)).status).toBe(500);
    expect((await fetch(`${standIn.url}/api/tags`)).status).toBe(200);
  });

  it('stop() ends open requests and frees the port', async () => {
    const local = await new OllamaStandIn().start();
    local.on().hang();
    const url = local.url;
    const pending = fetch(`${url}/api/chat`, { method: 'POST', body: JSON.stringify(question('hi')) });
    await expect.poll(() => local.requests.length).toBe(1);
    await local.stop();
    await expect(pending).rejects.toThrow();
    expect(local.requests[0]?.outcome).toBe('server-closed');
    await expect(fetch(`${url}/api/version`)).rejects.toThrow();
  });
});
