// The LLM layer against the Ollama stand-in on loopback: streaming, tool calls both ways, errors a person can act on, admin.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { harombeConfigSchema, type ChatMessage } from '../src/shared';
import {
  completeChat,
  createOllamaClients,
  LlmError,
  OllamaAdmin,
  OllamaClient,
  supportsTools,
  type LlmStreamEvent,
  type PullProgress,
} from '../src/main/llm';
import { OllamaStandIn } from './support/ollama-stand-in';

const standIn = new OllamaStandIn({
  models: [{ name: 'qwen2.5:7b', contextLength: 32768 }, { name: 'gemma:2b', tools: false, family: 'gemma', contextLength: 8192 }],
});
let llm: OllamaClient;
let admin: OllamaAdmin;

beforeAll(async () => {
  await standIn.start();
  llm = new OllamaClient({ host: standIn.url, model: 'qwen2.5:7b', timeoutMs: 5_000 });
  admin = new OllamaAdmin({ host: standIn.url, timeoutMs: 5_000 });
});
afterEach(() => {
  standIn.reset();
  standIn.configure({ toolCallDelivery: 'whole', tokenDelayMs: 0 });
});
afterAll(async () => {
  await standIn.stop();
});

const ask = (content: string): { messages: ChatMessage[] } => ({ messages: [{ role: 'user', content }] });
const shellTool = {
  name: 'shell',
  description: 'Run a shell command',
  parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
};

async function collect(events: AsyncIterable<LlmStreamEvent>): Promise<LlmStreamEvent[]> {
  const all: LlmStreamEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

async function failureOf(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe('OllamaClient streaming', () => {
  it('streams text deltas, then the finish with usage from its own chunk', async () => {
    standIn.on({ lastUserMessage: /weather/ }).reply(['Sun', 'ny', ' today.']).usage({ prompt_tokens: 12, completion_tokens: 3 });
    const events = await collect(llm.streamChat(ask('What is the weather?')));
    expect(events).toEqual([
      { type: 'text-delta', text: 'Sun' },
      { type: 'text-delta', text: 'ny' },
      { type: 'text-delta', text: ' today.' },
      { type: 'finish', reason: 'stop', usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } },
    ]);
    const sent = standIn.lastChatRequest;
    expect(sent).toMatchObject({ api: 'openai', model: 'qwen2.5:7b', stream: true, body: { stream_options: { include_usage: true } } });
  });

  it('assembles the same tool calls whether Ollama sends them whole or a server splits them across deltas', async () => {
    const script = () =>
      standIn
        .on({ lastUserMessage: /files/ })
        .callTool('shell', { command: 'ls -la' }, { id: 'call_one' })
        .callTool('read_file', { path: 'notes/a b.txt' }, { id: 'call_two' });
    script().toolCallsDelivered('whole');
    const whole = await completeChat(llm, { ...ask('list files'), tools: [shellTool] });
    standIn.reset();
    script().toolCallsDelivered('split');
    const split = await completeChat(llm, { ...ask('list files'), tools: [shellTool] });

    expect(whole.toolCalls).toEqual([
      { id: 'call_one', name: 'shell', arguments: '{"command":"ls -la"}' },
      { id: 'call_two', name: 'read_file', arguments: '{"path":"notes/a b.txt"}' },
    ]);
    expect(split.toolCalls).toEqual(whole.toolCalls);
    expect(whole.finishReason).toBe('tool_calls');
    expect(split.finishReason).toBe('tool_calls');
    expect(split.usage).toEqual(whole.usage);
    expect(standIn.lastChatRequest?.toolNames).toEqual(['shell']);
  });

  it('carries a tool round trip: the call, the result sent back, an answer built from it', async () => {
    standIn.on({ lastUserMessage: /files/ }).callTool('shell', { command: 'ls' });
    standIn.on({ afterToolResult: 'shell' }).reply((request) => `You have: ${request.lastToolResult?.content}`);
    const messages: ChatMessage[] = [{ role: 'user', content: 'which files?' }];
    const first = await completeChat(llm, { messages, tools: [shellTool] });
    const call = first.toolCalls[0]!;
    messages.push(
      { role: 'assistant', content: first.text, tool_calls: first.toolCalls },
      { role: 'tool', tool_call_id: call.id, name: call.name, content: 'a.txt b.txt' },
    );
    const second = await completeChat(llm, { messages, tools: [shellTool] });
    expect(second).toMatchObject({ text: 'You have: a.txt b.txt', finishReason: 'stop', toolCalls: [] });
  });
});

describe('OllamaClient errors', () => {
  it('says Ollama is not running, at which address, and to run `ollama serve`', async () => {
    const gone = await new OllamaStandIn().start();
    const url = gone.url;
    await gone.stop();
    const error = await failureOf(completeChat(new OllamaClient({ host: url, model: 'qwen2.5:7b' }), ask('hi')));
    expect(error.code).toBe('unreachable');
    expect(error.message).toBe(`Ollama is not running at ${url} — start it with \`ollama serve\`.`);
  });

  it('says which model to pull when Ollama does not have it', async () => {
    const missing = new OllamaClient({ host: standIn.url, model: 'llama3:70b' });
    const error = await failureOf(completeChat(missing, ask('hi')));
    expect(error.code).toBe('model_missing');
    expect(error.message).toContain('`ollama pull llama3:70b`');
  });

  it('passes on Ollama\'s own words for a 500', async () => {
    standIn.on().failWith(500, 'llama runner process has terminated: exit status 2');
    const error = await failureOf(completeChat(llm, ask('hi')));
    expect(error.code).toBe('server_error');
    expect(error.message).toContain('llama runner process has terminated: exit status 2');
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('times out when Ollama stays silent before the answer, giving the figure', async () => {
    standIn.on().hang();
    const impatient = new OllamaClient({ host: standIn.url, model: 'qwen2.5:7b', timeoutMs: 100 });
    const error = await failureOf(completeChat(impatient, ask('hi')));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('within 100 ms');
    expect(await standIn.requests.at(-1)?.settled).toBe('client-closed');
  });

  it('times out when Ollama falls silent mid-answer, after the text it did send', async () => {
    standIn.on().reply(['first', ' second']).delayBetweenTokens(60_000);
    const impatient = new OllamaClient({ host: standIn.url, model: 'qwen2.5:7b', timeoutMs: 100 });
    const received: LlmStreamEvent[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of impatient.streamChat(ask('hi'))) received.push(event);
      })(),
    );
    expect(error.code).toBe('timeout');
    expect(received).toEqual([{ type: 'text-delta', text: 'first' }]);
  });

  it('stops at once when aborted mid-stream and says it was cancelled', async () => {
    // The next token would take a minute: only a prompt abort lets this test end.
    standIn.on().reply(['one', ' two', ' three']).delayBetweenTokens(60_000);
    const controller = new AbortController();
    const received: LlmStreamEvent[] = [];
    const error = await failureOf(
      (async () => {
        for await (const event of llm.streamChat({ ...ask('hi'), signal: controller.signal })) {
          received.push(event);
          controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('aborted');
    expect(received).toEqual([{ type: 'text-delta', text: 'one' }]);
    const record = standIn.requests.at(-1);
    expect(await record?.settled).toBe('client-closed');
    expect(record?.chunksSent).toBe(1);
  });

  it('reports a connection cut mid-answer, and an error Ollama puts in the stream', async () => {
    standIn.on().reply(['a', 'b', 'c']).closeAfter(1).once();
    const cut = await failureOf(completeChat(llm, ask('hi')));
    expect(cut.code).toBe('unreachable');
    expect(cut.message).toContain('before the answer was complete');

    standIn.on().reply(['a', 'b']).errorAfter(1, 'CUDA error: out of memory');
    const inStream = await failureOf(completeChat(llm, ask('hi')));
    expect(inStream.code).toBe('server_error');
    expect(inStream.message).toContain('CUDA error: out of memory');
  });

  it('says a model cannot use tools when Ollama refuses them', async () => {
    const small = new OllamaClient({ host: standIn.url, model: 'gemma:2b' });
    const error = await failureOf(completeChat(small, { ...ask('hi'), tools: [shellTool] }));
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('gemma:2b');
    expect(error.hint).toContain('tool support');
  });
});

describe('OllamaAdmin', () => {
  it('reads the version, the installed models and their details', async () => {
    expect(await admin.version()).toBe('0.6.5');
    const models = await admin.listModels();
    expect(models.map((model) => model.name)).toEqual(['qwen2.5:7b', 'gemma:2b']);
    expect(models[0]).toMatchObject({ family: 'qwen2', quantization: 'Q4_K_M', size: expect.any(Number) });
    expect(await admin.show('qwen2.5:7b')).toMatchObject({ contextLength: 32768, supportsTools: true, capabilities: ['completion', 'tools'] });
    expect(await admin.show('gemma:2b')).toMatchObject({ contextLength: 8192, supportsTools: false });
  });

  it('tells the agent whether a model supports tools', async () => {
    expect(await supportsTools(admin, 'qwen2.5:7b')).toBe(true);
    expect(await supportsTools(admin, 'gemma:2b')).toBe(false);
    await expect(supportsTools(admin, 'nope:1b')).rejects.toMatchObject({ code: 'model_missing' });
  });

  it('lists the running model after a chat', async () => {
    await completeChat(llm, ask('hi'));
    expect((await admin.running()).map((model) => model.name)).toContain('qwen2.5:7b');
  });

  it('pulls with progress lines, then lists the model; deletes it', async () => {
    const progress: PullProgress[] = [];
    for await (const line of admin.pull('phi3:mini')) progress.push(line);
    expect(progress[0]).toEqual({ status: 'pulling manifest' });
    const downloads = progress.filter((line) => line.digest !== undefined);
    expect(downloads.length).toBeGreaterThan(0);
    for (const line of downloads) {
      expect(line.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(line.total).toBeGreaterThan(0);
    }
    expect(downloads.some((line) => line.completed === line.total)).toBe(true);
    expect(progress.at(-1)).toEqual({ status: 'success' });
    expect((await admin.listModels()).map((model) => model.name)).toContain('phi3:mini');

    await admin.delete('phi3:mini');
    expect((await admin.listModels()).map((model) => model.name)).not.toContain('phi3:mini');
    const again = await failureOf(admin.delete('phi3:mini'));
    expect(again).toMatchObject({ code: 'model_missing', message: expect.stringContaining('nothing to delete') });
  });

  it('stops a pull when aborted, and says a name the library lacks is not there', async () => {
    standIn.configure({ tokenDelayMs: 60_000 });
    const controller = new AbortController();
    const error = await failureOf(
      (async () => {
        for await (const line of admin.pull('phi3:mini', { signal: controller.signal })) {
          expect(line.status).toBe('pulling manifest');
          controller.abort();
        }
      })(),
    );
    expect(error.code).toBe('aborted');
    expect(await standIn.requests.at(-1)?.settled).toBe('client-closed');
    expect(standIn.hasModel('phi3:mini')).toBe(false);

    const strict = await new OllamaStandIn({ pullable: [] }).start();
    try {
      const unknown = await failureOf(
        (async () => {
          for await (const line of new OllamaAdmin({ host: strict.url }).pull('qwen9:1b')) void line;
        })(),
      );
      expect(unknown).toMatchObject({ code: 'model_missing', message: expect.stringContaining('qwen9:1b is not a model Ollama knows') });
    } finally {
      await strict.stop();
    }
  });

  it('reports a pull cut off mid-way', async () => {
    standIn.fault({ path: '/api/pull', closeAfterChunks: 3 });
    const error = await failureOf(
      (async () => {
        for await (const line of admin.pull('phi3:mini')) void line;
      })(),
    );
    expect(error.code).toBe('unreachable');
  });

  it('translates its failures too: not running, model missing, timeout', async () => {
    const gone = await new OllamaStandIn().start();
    const url = gone.url;
    await gone.stop();
    const down = await failureOf(new OllamaAdmin({ host: url }).listModels());
    expect(down).toMatchObject({ code: 'unreachable', message: expect.stringContaining('`ollama serve`') });

    const missing = await failureOf(admin.show('llama3:70b'));
    expect(missing).toMatchObject({ code: 'model_missing', message: expect.stringContaining('`ollama pull llama3:70b`') });

    standIn.fault({ path: '/api/tags', hang: true });
    const slow = await failureOf(new OllamaAdmin({ host: standIn.url, timeoutMs: 100 }).listModels());
    expect(slow).toMatchObject({ code: 'timeout', message: expect.stringContaining('within 100 ms') });
  });
});

describe('createOllamaClients', () => {
  it('builds both clients from harombe.yaml settings', async () => {
    const config = harombeConfigSchema.parse({ model: { name: 'qwen2.5:7b', temperature: 0.2 }, ollama: { host: `${standIn.url}/`, timeout: 30 } });
    const { llm: configured, admin: configuredAdmin } = createOllamaClients(config);
    expect(configured.model).toBe('qwen2.5:7b');
    expect(configured.endpoint).toBe(standIn.url);
    expect(configuredAdmin.host).toBe(standIn.url);
    standIn.on().reply('Configured.');
    expect((await completeChat(configured, ask('hi'))).text).toBe('Configured.');
    expect(standIn.lastChatRequest?.body).toMatchObject({ temperature: 0.2 });
    expect(await configuredAdmin.version()).toBe('0.6.5');
  });

  it('needs a resolved model when the config says auto', () => {
    const config = harombeConfigSchema.parse({});
    expect(() => createOllamaClients(config)).toThrow(/auto/);
    expect(createOllamaClients(config, { model: 'qwen2.5:3b' }).llm.model).toBe('qwen2.5:3b');
  });
});
