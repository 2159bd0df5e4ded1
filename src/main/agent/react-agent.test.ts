import { mkdir, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { agentEventSchema, conversationSchema } from '../../shared';
import type { ChatMessage } from '../../shared';
import { createAgentKit, doneOf, eventTypes, TEST_SYSTEM_PROMPT } from '../../../test/support/agent-test-kit';
import type { AgentKit } from '../../../test/support/agent-test-kit';
import { callTools, finish, Gate, pause, reply, text, toolCall } from '../../../test/support/scripted-llm-client';
import { LlmError } from '../llm/llm-client';

let kit: AgentKit | undefined;
async function setUp(...args: Parameters<typeof createAgentKit>): Promise<AgentKit> {
  kit = await createAgentKit(...args);
  return kit;
}
afterEach(async () => {
  await kit?.dispose();
  kit = undefined;
});

const lastMessages = (messages: ChatMessage[], count: number) => messages.slice(-count);

/** The messages the store's next save writes, read back once that save is done (no polling: the save is awaited). */
function nextSavedMessages(store: AgentKit['store']): Promise<ChatMessage[] | undefined> {
  const original = store.save.bind(store);
  return new Promise((resolve, reject) => {
    store.save = async (conversation) => {
      store.save = original;
      await original(conversation).catch(reject);
      resolve((await store.get(conversation.id))?.messages);
    };
  });
}

describe('ReactAgent: conversations', () => {
  it('streams an answer and remembers turn one’s fact in turn two', async () => {
    const { run, llm, store } = await setUp([reply('Nice to meet you, Ada.'), reply('Your name is Ada.')]);

    const first = await run({ message: 'My name is Ada.' });
    // The scripted deltas are all at hand at once, so they arrive merged into one token event.
    expect(eventTypes(first)).toEqual(['start', 'token', 'done']);
    expect(first.filter((event) => event.type === 'token').map((event) => event.text).join('')).toBe('Nice to meet you, Ada.');
    const { conversation_id, response, steps } = doneOf(first);
    expect({ response, steps }).toEqual({ response: 'Nice to meet you, Ada.', steps: 1 });
    for (const event of first) expect(agentEventSchema.safeParse(event).success).toBe(true);

    const second = await run({ conversationId: conversation_id, message: 'What is my name?' });
    expect(doneOf(second)).toMatchObject({ conversation_id, response: 'Your name is Ada.' });
    expect(llm.requests[1]!.messages).toEqual([
      { role: 'system', content: TEST_SYSTEM_PROMPT },
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Nice to meet you, Ada.' },
      { role: 'user', content: 'What is my name?' },
    ]);
    expect(llm.requests[1]!.temperature).toBe(0.2);

    const saved = await store.get(conversation_id);
    expect(saved).toMatchObject({ title: 'My name is Ada.', always_allow: [] });
    expect(saved!.messages).toHaveLength(4);
    expect((await store.list()).map((summary) => summary.id)).toEqual([conversation_id]);
  });

  it('reports a conversation id that does not exist', async () => {
    const { run } = await setUp([]);
    const events = await run({ conversationId: 'missing', message: 'hi' });
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'conversation_not_found', hint: expect.stringContaining('GET /conversations') })]);
  });

  it('saves the new message while the model is still silent (loading), so a crash then loses nothing said', async () => {
    const gate = new Gate();
    const { run, store } = await setUp([[pause(gate), ...text('Ready now.'), finish()]]);
    const firstSave = nextSavedMessages(store);
    const turn = run({ message: 'Are you there?' });
    await gate.reached;
    const saved = await firstSave;
    expect(saved).toEqual([{ role: 'user', content: 'Are you there?' }]);
    gate.open();
    expect(doneOf(await turn).response).toBe('Ready now.');
  });

  it('saves only settled messages while a tool runs long, so a crash then leaves a conversation that can go on', async () => {
    const { run, store, shell } = await setUp([callTools(toolCall('shell', { command: 'block' })), reply('Stopped.')]);
    const controller = new AbortController();
    const firstSave = nextSavedMessages(store);
    const turn = run({ message: 'Run the long job', attendance: 'allow', signal: controller.signal });
    await shell.blocked;
    const saved = await firstSave;
    // The assistant's tool call is not there yet: its result has not come.
    expect(saved).toEqual([{ role: 'user', content: 'Run the long job' }]);
    controller.abort();
    expect(doneOf(await turn).cancelled).toBe(true);
  });

  it('reports a corrupt conversation file with the store’s code and hint', async () => {
    const { run, store } = await setUp([]);
    await mkdir(store.folder, { recursive: true });
    await writeFile(store.pathOf('broken'), 'not json');
    const events = await run({ conversationId: 'broken', message: 'hi' });
    expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'conversation_corrupt', hint: expect.stringContaining('Fix or delete') })]);
  });

  it('sums the usage of every step and keeps the last prompt’s count for trimming', async () => {
    const usage = (prompt: number, completion: number) => ({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion });
    const { run, store } = await setUp([
      [toolCall('echo', { text: 'x' }), finish(usage(100, 10), 'tool_calls')],
      reply('done', usage(130, 5)),
    ]);
    const done = doneOf(await run({ message: 'go' }));
    expect(done.usage).toEqual(usage(230, 15));
    const saved = await store.get(done.conversation_id);
    expect(saved?.last_usage).toEqual(usage(130, 5));
    expect(saved?.last_prompt_chars).toBeGreaterThan(0);
  });

  it('trims the oldest exchanges so the prompt fits the context, keeping the new message', async () => {
    const long = 'x'.repeat(2000);
    const { run, llm } = await setUp([reply(`first ${long}`), reply(`second ${long}`), reply('third')], {
      config: { contextLength: 2048, replyReserve: 512 },
    });
    const { conversation_id } = doneOf(await run({ message: `one ${long}` }));
    await run({ conversationId: conversation_id, message: `two ${long}` });
    await run({ conversationId: conversation_id, message: 'three' });
    const sent = llm.requests[2]!.messages;
    expect(sent[0]).toEqual({ role: 'system', content: TEST_SYSTEM_PROMPT });
    expect(sent.at(-1)).toEqual({ role: 'user', content: 'three' });
    expect(sent.some((message) => message.content.startsWith('one '))).toBe(false);
    expect(sent.some((message) => message.content.startsWith('second '))).toBe(true);
  });
});

describe('ReactAgent: tools', () => {
  it('runs several calls of one step in call order and sends their results back in that order', async () => {
    const { run, llm } = await setUp([
      callTools(toolCall('echo', { text: 'a' }, 'c1'), toolCall('echo', { text: 'b' }, 'c2'), toolCall('echo', { text: 'c' }, 'c3')),
      reply('a, b, c'),
    ]);
    const events = await run({ message: 'echo three things' });
    expect(events.filter((event) => event.type === 'tool_call' || event.type === 'tool_result').map((event) => `${event.type}:${event.id}`)).toEqual([
      'tool_call:c1',
      'tool_result:c1',
      'tool_call:c2',
      'tool_result:c2',
      'tool_call:c3',
      'tool_result:c3',
    ]);
    expect(events.find((event) => event.type === 'tool_call')).toEqual({ type: 'tool_call', id: 'c1', name: 'echo', arguments: { text: 'a' }, dangerous: false });
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ id: 'c1', name: 'echo', ok: true, output: 'a' });
    expect(llm.requests[0]!.tools?.map((tool) => tool.name)).toEqual(['echo', 'shell']);
    expect(lastMessages(llm.requests[1]!.messages, 3)).toEqual([
      { role: 'tool', tool_call_id: 'c1', name: 'echo', content: 'a' },
      { role: 'tool', tool_call_id: 'c2', name: 'echo', content: 'b' },
      { role: 'tool', tool_call_id: 'c3', name: 'echo', content: 'c' },
    ]);
    expect(doneOf(events)).toMatchObject({ response: 'a, b, c', steps: 2 });
  });

  it('sends invalid arguments and unknown tools back to the model as errors, and the loop goes on', async () => {
    const { run, llm } = await setUp([
      callTools(toolCall('echo', '{"text":', 'bad-json'), toolCall('echo', { text: 5 }, 'bad-type'), toolCall('teleport', {}, 'unknown')),
      callTools(toolCall('echo', { text: 'fixed' }, 'good')),
      reply('Fixed it.'),
    ]);
    const events = await run({ message: 'try' });
    const results = events.filter((event) => event.type === 'tool_result');
    expect(results.map((event) => [event.id, event.ok])).toEqual([
      ['bad-json', false],
      ['bad-type', false],
      ['unknown', false],
      ['good', true],
    ]);
    const toolMessages = llm.requests[1]!.messages.filter((message) => message.role === 'tool');
    expect(toolMessages.map((message) => message.content)).toEqual([
      expect.stringContaining('not valid JSON'),
      expect.stringContaining('Invalid arguments for echo: text'),
      expect.stringContaining('Unknown tool "teleport". Available tools: echo, shell'),
    ]);
    expect(events.find((event) => event.type === 'tool_call' && event.id === 'bad-json')).toMatchObject({ arguments: '{"text":' });
    expect(doneOf(events)).toMatchObject({ response: 'Fixed it.', steps: 3 });
  });

  it('gives repeated or missing call ids distinct ones, so every result finds its call', async () => {
    const { run, store } = await setUp([callTools(toolCall('echo', { text: 'a' }, 'same'), toolCall('echo', { text: 'b' }, 'same'), toolCall('echo', { text: 'c' }, '')), reply('ok')]);
    const done = doneOf(await run({ message: 'go' }));
    const messages = (await store.get(done.conversation_id))!.messages;
    const ids = messages.flatMap((message) => (message.role === 'tool' ? [message.tool_call_id] : []));
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe('same');
  });

  it('after max_steps, makes one last call without tools that forces an answer', async () => {
    const { run, llm } = await setUp(
      [callTools(toolCall('echo', { text: '1' }, 's1')), callTools(toolCall('echo', { text: '2' }, 's2')), reply('Here is what I found.')],
      { config: { maxSteps: 2 } },
    );
    const done = doneOf(await run({ message: 'keep going' }));
    expect(done).toMatchObject({ response: 'Here is what I found.', steps: 3 });
    expect(llm.requests.map((request) => request.tools?.length ?? 0)).toEqual([2, 2, 0]);
    expect(llm.requests[2]!.messages.at(-1)).toMatchObject({ role: 'system', content: expect.stringContaining('Answer the user now') });
  });

  it('answers for a model that still calls tools after the step limit', async () => {
    const { run, shell } = await setUp([callTools(toolCall('echo', { text: '1' })), callTools(toolCall('shell', { command: 'ls' }))], {
      config: { maxSteps: 1, confirmDangerous: false },
    });
    const events = await run({ message: 'loop forever' });
    expect(doneOf(events).response).toMatch(/stopped after 1 tool steps.*agent\.max_steps/);
    expect(shell.ran).toEqual([]);
  });

  it('sends no tools to a model without tool support', async () => {
    const { run, llm } = await setUp([reply('No tools here.')], { toolsEnabled: false });
    expect(doneOf(await run({ message: 'hi' })).response).toBe('No tools here.');
    expect(llm.requests[0]!.tools).toBeUndefined();
  });
});

describe('ReactAgent: failures', () => {
  it('ends with one error event carrying the LLM error’s code and hint, keeping what was said', async () => {
    const unreachable = new LlmError('unreachable', 'Cannot reach Ollama at http://localhost:11434.', 'Start it with `ollama serve`.');
    const { run, store } = await setUp([[...text('Let me think'), { type: 'error', error: unreachable }]]);
    const events = await run({ message: 'hello' });
    expect(events.filter((event) => event.type === 'done' || event.type === 'error')).toEqual([
      { type: 'error', code: 'unreachable', message: 'Cannot reach Ollama at http://localhost:11434.', hint: 'Start it with `ollama serve`.' },
    ]);
    expect(events.at(-1)?.type).toBe('error');
    const [summary] = await store.list();
    const saved = await store.get(summary!.id);
    expect(saved!.messages).toEqual([
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: 'Let me think' },
    ]);
  });

  it('keeps the conversation valid to continue when a later step fails', async () => {
    const { run, store, llm } = await setUp([
      callTools(toolCall('echo', { text: 'a' })),
      [{ type: 'error', error: new LlmError('timeout', 'Ollama did not answer in 120 s.', 'Raise ollama.timeout.') }],
      reply('Recovered.'),
    ]);
    const failed = await run({ message: 'first' });
    expect(failed.at(-1)).toMatchObject({ type: 'error', code: 'timeout', hint: 'Raise ollama.timeout.' });
    const [summary] = await store.list();
    const saved = await store.get(summary!.id);
    expect(conversationSchema.safeParse(saved).success).toBe(true);
    expect(doneOf(await run({ conversationId: summary!.id, message: 'again' })).response).toBe('Recovered.');
    expect(llm.requests[2]!.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool', 'user']);
  });

  it('refuses a second turn in a conversation that is still answering', async () => {
    const { agent, run } = await setUp([reply('one'), reply('two')]);
    const { conversation_id } = doneOf(await run({ message: 'start' }));
    const first = agent.runTurn({ conversationId: conversation_id, message: 'a', attendance: 'ask' })[Symbol.asyncIterator]();
    await first.next();
    const second = await run({ conversationId: conversation_id, message: 'b' });
    expect(second).toEqual([expect.objectContaining({ type: 'error', code: 'conversation_busy' })]);
    while (!(await first.next()).done);
  });
});
