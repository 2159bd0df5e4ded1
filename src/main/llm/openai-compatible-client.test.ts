// The client over scripted SSE bodies (an injected fetch): what it sends, and how it reads each server's habits.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../shared';
import { completeChat, LlmError, type LlmStreamEvent } from './llm-client';
import { OpenAICompatibleClient } from './openai-compatible-client';

interface SentRequest {
  url: string;
  body: Record<string, unknown>;
  headers: Headers;
  signal: AbortSignal | undefined;
}

/** A fetch that answers every request with these SSE data payloads (objects are JSON-encoded). */
/** Answers with `frames`, each in a read of its own (`together`: all in one read, as a fast server's arrive). */
function sseFetch(frames: (object | string)[], sent: SentRequest[] = [], init: ResponseInit = {}, together = false) {
  return async (input: string | URL | Request, request?: RequestInit): Promise<Response> => {
    sent.push({
      url: String(input),
      body: JSON.parse(String(request?.body)) as Record<string, unknown>,
      headers: new Headers(request?.headers),
      signal: request?.signal ?? undefined,
    });
    const texts = frames.map((frame) => `data: ${typeof frame === 'string' ? frame : JSON.stringify(frame)}\n\n`);
    const encoder = new TextEncoder();
    const reads = together ? [texts.join('')] : texts;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const read of reads) controller.enqueue(encoder.encode(read));
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });
  };
}

function chunk(delta: object, finishReason: string | null = null, extra: object = {}) {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra };
}

function client(fetchImplementation: typeof fetch, options: Partial<ConstructorParameters<typeof OpenAICompatibleClient>[0]> = {}) {
  return new OpenAICompatibleClient({ baseUrl: 'http://127.0.0.1:9/v1', model: 'test-model', fetch: fetchImplementation, ...options });
}

async function collect(events: AsyncIterable<LlmStreamEvent>): Promise<LlmStreamEvent[]> {
  const all: LlmStreamEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const hello: ChatMessage[] = [{ role: 'user', content: 'hello' }];

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('OpenAICompatibleClient', () => {
  it('sends the OpenAI request: messages, tools as functions, options, usage requested', async () => {
    const sent: SentRequest[] = [];
    const llm = client(sseFetch([chunk({ content: 'ok' }, 'stop'), '[DONE]'], sent), { defaultTemperature: 0.7 });
    await completeChat(llm, {
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'list files' },
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', name: 'shell', arguments: '{"command":"ls"}' }] },
        { role: 'tool', tool_call_id: 'call_1', name: 'shell', content: 'a.txt' },
      ],
      tools: [{ name: 'shell', description: 'Run a command', parameters: { type: 'object', properties: {} } }],
      maxTokens: 100,
      stop: ['END'],
    });
    expect(sent[0]?.url).toBe('http://127.0.0.1:9/v1/chat/completions');
    expect(sent[0]?.body).toEqual({
      model: 'test-model',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.7,
      max_tokens: 100,
      stop: ['END'],
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'list files' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'shell', arguments: '{"command":"ls"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
      ],
      tools: [
        { type: 'function', function: { name: 'shell', description: 'Run a command', parameters: { type: 'object', properties: {} } } },
      ],
    });
  });

  it('sends a model\'s malformed tool arguments back as {} so the server accepts the history', async () => {
    const sent: SentRequest[] = [];
    await completeChat(client(sseFetch([chunk({}, 'stop'), '[DONE]'], sent)), {
      messages: [
        { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', name: 'shell', arguments: '{"command": ls' }] },
        { role: 'tool', tool_call_id: 'call_1', name: 'shell', content: 'error: arguments are not valid JSON' },
      ],
      temperature: 0,
      model: 'other-model',
    });
    const messages = sent[0]?.body.messages as { tool_calls?: { function: { arguments: string } }[] }[];
    expect(messages[0]?.tool_calls?.[0]?.function.arguments).toBe('{}');
    expect(sent[0]?.body).toMatchObject({ model: 'other-model', temperature: 0 });
    expect(sent[0]?.body).not.toHaveProperty('tools');
  });

  it('never sends the user\'s OPENAI_API_KEY to another server', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-secret-of-the-user');
    vi.stubEnv('OPENAI_ORG_ID', 'org-of-the-user');
    const sent: SentRequest[] = [];
    await completeChat(client(sseFetch([chunk({}, 'stop'), '[DONE]'], sent)), { messages: hello });
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer no-key');
    expect(sent[0]?.headers.get('openai-organization')).toBeNull();

    const withKey: SentRequest[] = [];
    await completeChat(client(sseFetch([chunk({}, 'stop'), '[DONE]'], withKey), { apiKey: 'vllm-key' }), { messages: hello });
    expect(withKey[0]?.headers.get('authorization')).toBe('Bearer vllm-key');
  });

  it('reads a finish reason and usage that arrive with the last text (vLLM, llama.cpp)', async () => {
    const frames = [
      chunk({ role: 'assistant', content: 'Hel' }),
      chunk({ content: 'lo' }, 'length', { usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } }),
      '[DONE]',
    ];
    expect(await collect(client(sseFetch(frames)).streamChat({ messages: hello }))).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'finish', reason: 'length', usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } },
    ]);
  });

  it('gives the text of chunks that arrive in one read as one delta', async () => {
    const frames = [chunk({ content: 'Hel' }), chunk({ content: 'lo' }), chunk({ content: '!' }, 'stop'), '[DONE]'];
    expect(await collect(client(sseFetch(frames, [], {}, true)).streamChat({ messages: hello }))).toEqual([
      { type: 'text-delta', text: 'Hello!' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('reads an SSE event split across reads, and ignores what follows [DONE]', async () => {
    const whole = `data: ${JSON.stringify(chunk({ content: 'Hi' }, 'stop'))}\n\ndata: [DONE]\n\ndata: ${JSON.stringify(chunk({ content: 'late' }))}\n\n`;
    const fetchInHalves: typeof fetch = async () => {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(whole.slice(0, 17)));
          controller.enqueue(encoder.encode(whole.slice(17)));
          controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    };
    expect(await collect(client(fetchInHalves).streamChat({ messages: hello }))).toEqual([
      { type: 'text-delta', text: 'Hi' },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('reads chunks with empty or absent choices and null usage, and a usage chunk after the finish chunk', async () => {
    const frames = [
      { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [] },
      { ...chunk({ content: 'Hi' }), usage: null },
      { ...chunk({}, 'stop'), usage: null },
      { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', usage: { prompt_tokens: 3, completion_tokens: 1 } },
      '[DONE]',
    ];
    expect(await completeChat(client(sseFetch(frames)), { messages: hello })).toEqual({
      text: 'Hi',
      toolCalls: [],
      finishReason: 'stop',
      usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
    });
  });

  it('emits each tool call once, complete, after the text, and calls the finish tool_calls even if the server said stop', async () => {
    const frames = [
      chunk({ content: 'Let me look.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'shell', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"command":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"ls"}' } }] }),
      chunk({}, 'stop'),
      '[DONE]',
    ];
    expect(await collect(client(sseFetch(frames)).streamChat({ messages: hello }))).toEqual([
      { type: 'text-delta', text: 'Let me look.' },
      { type: 'tool-call', call: { id: 'call_a', name: 'shell', arguments: '{"command":"ls"}' } },
      { type: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('says the finish reason is unknown when the stream ends without one', async () => {
    const result = await completeChat(client(sseFetch([chunk({ content: 'cut' })])), { messages: hello });
    expect(result).toMatchObject({ text: 'cut', finishReason: 'unknown' });
  });

  it('turns an unreadable stream into bad_response and an error status into a message with the server\'s words', async () => {
    const garbage = completeChat(client(sseFetch(['{not json'])), { messages: hello });
    await expect(garbage).rejects.toMatchObject({ code: 'bad_response' });

    const unauthorized = async () =>
      new Response(JSON.stringify({ error: { message: 'Invalid API key', type: 'auth' } }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    const error = await completeChat(client(unauthorized), { messages: hello }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('Invalid API key') });
    expect((error as LlmError).message).toContain('http://127.0.0.1:9/v1');
  });

  it('stops the HTTP request when the consumer breaks off early', async () => {
    const sent: SentRequest[] = [];
    const frames = [chunk({ content: 'a' }), chunk({ content: 'b' }), chunk({}, 'stop'), '[DONE]'];
    for await (const event of client(sseFetch(frames, sent)).streamChat({ messages: hello })) {
      expect(event).toEqual({ type: 'text-delta', text: 'a' });
      break;
    }
    expect(sent[0]?.signal?.aborted).toBe(true);
  });

  it('refuses at once when the signal is already aborted', async () => {
    const sent: SentRequest[] = [];
    const controller = new AbortController();
    controller.abort();
    const stream = client(sseFetch([], sent)).streamChat({ messages: hello, signal: controller.signal });
    await expect(collect(stream)).rejects.toMatchObject({ code: 'aborted' });
    expect(sent).toHaveLength(0);
  });
});
