// The official `openai` SDK against harombe's /v1, relayed to the Ollama stand-in's /v1 (OpenAI's wire format).
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HarombeServer, LocalOllamaResolver } from '../../src/main/server';
import { TEST_LOCAL_TOKEN, Gate, fakeWorld } from '../support/fake-services';
import { OllamaStandIn } from '../support/ollama-stand-in';

const standIn = new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }, { name: 'llama3.2:3b' }] });
const USAGE = { prompt_tokens: 12, completion_tokens: 3 };
/** The tool call the model makes whenever the request offers tools. */
const FAKE_TOOL_CALL = { id: 'call_abc123', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } };
let server: HarombeServer;
let client: OpenAI;

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['city'] },
  },
};

beforeAll(async () => {
  await standIn.start();
  const upstreamUrl = standIn.url;
  const world = fakeWorld();
  world.services.upstream = new LocalOllamaResolver({ ollamaHost: () => upstreamUrl, activeModel: () => 'qwen2.5:7b', nodeName: 'local', firstByteTimeoutMs: 1_000 });
  server = new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: TEST_LOCAL_TOKEN });
  const { url } = await server.start();
  client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'not-needed-on-loopback', maxRetries: 0 });
});

afterAll(async () => {
  await server.stop({ graceDeadlineMs: 0 });
  await standIn.stop();
});

beforeEach(() => {
  standIn.reset();
  // Split across deltas, as OpenAI sends them: id and name first, then the arguments in pieces.
  standIn.on({ withTools: true }).callTool('get_weather', FAKE_TOOL_CALL.function.arguments, { id: FAKE_TOOL_CALL.id }).toolCallsDelivered('split').usage(USAGE);
  standIn.otherwise().reply('Hello there').usage(USAGE);
});

const lastRequest = () => standIn.lastChatRequest!.body;

describe('POST /v1/chat/completions', () => {
  it('answers a plain completion; "auto" means the configured model; sampling options pass through', async () => {
    const completion = await client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'Hello!' }],
      temperature: 0.3,
      max_tokens: 50,
      stop: ['\n\n'],
    });
    expect(completion.choices[0]?.message.content).toBe('Hello there');
    expect(completion.usage).toEqual({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    expect(lastRequest()).toEqual({ model: 'qwen2.5:7b', messages: [{ role: 'user', content: 'Hello!' }], temperature: 0.3, max_tokens: 50, stop: ['\n\n'] });
  });

  it('streams chunk by chunk, usage included when asked', async () => {
    const gate = new Gate();
    // Everything after the first chunk waits for the gate.
    standIn.on({ model: 'llama3.2:3b' }).reply('Hello there').usage(USAGE).holdAfterFirstChunk(gate.opened);
    const stream = await client.chat.completions.create({
      model: 'llama3.2:3b',
      messages: [{ role: 'user', content: 'Hello!' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      // The upstream holds everything after its first chunk until the gate opens: this one came through alone.
      if (text === '') gate.open();
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Hello there');
    expect(usage).toEqual({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    expect(lastRequest()).toMatchObject({ model: 'llama3.2:3b', stream: true, stream_options: { include_usage: true } });
  });

  it("passes the client's tools and tool_choice to the model and its tool_calls back unchanged (harombe's own tools do not run)", async () => {
    const completion = await client.chat.completions.create({
      model: 'qwen2.5:7b',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [WEATHER_TOOL],
      tool_choice: 'auto',
    });
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    // Unchanged from what the model server sent: Ollama numbers each call with an index even when not streaming.
    expect(completion.choices[0]?.message.tool_calls).toEqual([{ ...FAKE_TOOL_CALL, index: 0 }]);
    expect(lastRequest()['tools']).toEqual([WEATHER_TOOL]);
    expect(lastRequest()['tool_choice']).toBe('auto');
  });

  it('streams tool calls split across deltas, as the upstream sent them', async () => {
    const stream = await client.chat.completions.create({ model: 'qwen2.5:7b', messages: [{ role: 'user', content: 'Weather?' }], tools: [WEATHER_TOOL], stream: true });
    let name = '';
    let args = '';
    let id = '';
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        id ||= call.id ?? '';
        name += call.function?.name ?? '';
        args += call.function?.arguments ?? '';
      }
    }
    expect({ id, name, args }).toEqual({ id: FAKE_TOOL_CALL.id, name: 'get_weather', args: FAKE_TOOL_CALL.function.arguments });
  });

  it('relays a conversation holding tool calls and tool results unchanged', async () => {
    const messages = [
      { role: 'user' as const, content: 'Weather in Paris?' },
      { role: 'assistant' as const, content: null, tool_calls: [FAKE_TOOL_CALL as OpenAI.ChatCompletionMessageFunctionToolCall] },
      { role: 'tool' as const, tool_call_id: FAKE_TOOL_CALL.id, content: '{"temperature": 21}' },
    ];
    await client.chat.completions.create({ model: 'qwen2.5:7b', messages });
    expect(lastRequest()['messages']).toEqual(messages);
  });

  it('answers 404 in OpenAI error form when the model is missing', async () => {
    const failure = await client.chat.completions.create({ model: 'nope:1b', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.NotFoundError);
    const error = failure as InstanceType<typeof OpenAI.NotFoundError>;
    expect(error.status).toBe(404);
    expect(error.code).toBe('model_not_found');
    expect(error.message).toContain('model "nope:1b" not found');
    expect(error.message).toContain('ollama pull nope:1b');
  });

  it('answers 400 in OpenAI error form for a body without messages', async () => {
    const failure = await client.chat.completions.create({ model: 'auto' } as never).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
    expect((failure as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');
  });

  it('answers 502 naming the model server when it fails before answering, and passes its 413 on as the request\'s fault', async () => {
    standIn.on({}).failWith(500, 'llama runner process has terminated').once();
    const failure = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 502, code: 'upstream_error', message: expect.stringContaining('node "local"') });
    expect((failure as Error).message).toContain('llama runner process has terminated');

    standIn.on({}).failWith(413, 'request entity too large').once();
    const tooLarge = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(tooLarge).toMatchObject({ status: 413, code: 'upstream_rejected', message: expect.stringContaining('request entity too large') });
  });

  it('answers 504 when the model server sends nothing within the first-byte limit', async () => {
    standIn.on({}).hang().once();
    const failure = await client.chat.completions.create({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 504, code: 'upstream_timeout', message: expect.stringContaining('sent nothing within 1 s') });
  });

  it('ends a stream the model server breaks off as a failure the client sees, never as a finished answer', async () => {
    standIn.on({}).reply('one two three four five six').closeAfter(2).once();
    const stream = await client.chat.completions.create({ model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(text).toBe('one two');
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const world = fakeWorld();
    const closed = await new OllamaStandIn().start();
    const deadUrl = closed.url;
    await closed.stop(); // nothing listens there any more
    world.services.upstream = new LocalOllamaResolver({ ollamaHost: () => deadUrl, activeModel: () => 'qwen2.5:7b', nodeName: 'local' });
    const lonely = new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: TEST_LOCAL_TOKEN });
    const { url } = await lonely.start();
    try {
      const lonelyClient = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'x', maxRetries: 0 });
      const failure = await lonelyClient.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OpenAI.APIError);
      const error = failure as InstanceType<typeof OpenAI.APIError>;
      expect(error.status).toBe(502);
      expect(error.code).toBe('upstream_unreachable');
      expect(error.message).toContain('ECONNREFUSED');
    } finally {
      await lonely.stop({ graceDeadlineMs: 0 });
    }
  });
});

describe('GET /v1/models', () => {
  it('lists "auto" and the upstream models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['auto', 'qwen2.5:7b', 'llama3.2:3b']);
  });
});
