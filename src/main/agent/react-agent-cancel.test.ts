import { afterEach, describe, expect, it } from 'vitest';
import { conversationSchema } from '../../shared';
import type { AgentEvent } from '../../shared';
import { createAgentKit, doneOf, TEST_SYSTEM_PROMPT } from '../../../test/support/agent-test-kit';
import type { AgentKit, AgentKitOptions } from '../../../test/support/agent-test-kit';
import { callTools, finish, Gate, pause, reply, text, toolCall } from '../../../test/support/scripted-llm-client';
import { FileConversationStore } from './file-conversation-store';

let kit: AgentKit | undefined;
async function setUp(responses: Parameters<typeof createAgentKit>[0], options?: AgentKitOptions): Promise<AgentKit> {
  kit = await createAgentKit(responses, options);
  return kit;
}
afterEach(async () => {
  await kit?.dispose();
  kit = undefined;
});

/** Reads the conversation back the way a restarted harombe would: a new store, full validation. */
async function reload(k: AgentKit, id: string) {
  const saved = await new FileConversationStore({ folder: k.store.folder }).get(id);
  expect(conversationSchema.safeParse(saved).success).toBe(true);
  return saved!;
}

describe('ReactAgent: cancelling a turn', () => {
  for (const honourSignal of [true, false]) {
    it(`stops mid-stream, keeps the partial answer, and the next turn works (client ${honourSignal ? 'honours' : 'ignores'} the signal)`, async () => {
      const gate = new Gate();
      const k = await setUp([[...text('The answer is'), pause(gate), ...text(' forty-two.'), finish()], reply('Sorry, go on.')], { llm: { honourSignal } });
      const controller = new AbortController();
      const turn = k.run({ message: 'What is the answer?', signal: controller.signal });
      await gate.reached;
      controller.abort();
      const events = await turn;
      gate.open();

      const done = doneOf(events);
      expect(done).toMatchObject({ cancelled: true, response: 'The answer is', steps: 1 });
      expect(k.llm.requests[0]!.signal?.aborted).toBe(true);
      expect(events.filter((event) => event.type === 'token').map((event) => event.text).join('')).toBe('The answer is');
      expect((await reload(k, done.conversation_id)).messages).toEqual([
        { role: 'user', content: 'What is the answer?' },
        { role: 'assistant', content: 'The answer is' },
      ]);

      const next = await k.run({ conversationId: done.conversation_id, message: 'Continue.' });
      expect(doneOf(next)).toMatchObject({ response: 'Sorry, go on.' });
      expect(doneOf(next).cancelled).toBeUndefined();
      expect(k.llm.requests[1]!.messages).toEqual([
        { role: 'system', content: TEST_SYSTEM_PROMPT },
        { role: 'user', content: 'What is the answer?' },
        { role: 'assistant', content: 'The answer is' },
        { role: 'user', content: 'Continue.' },
      ]);
    });
  }

  it('kills a running tool through its signal and answers the calls that never ran', async () => {
    const k = await setUp([callTools(toolCall('shell', { command: 'block' }, 'long'), toolCall('echo', { text: 'later' }, 'after')), reply('Picking up again.')], {
      config: { confirmDangerous: false },
    });
    const controller = new AbortController();
    const turn = k.run({ message: 'run the long thing', signal: controller.signal });
    const toolSignal = await k.shell.blocked;
    expect(toolSignal.aborted).toBe(false);
    controller.abort();
    const events = await turn;

    expect(toolSignal.aborted).toBe(true);
    expect(events.filter((event) => event.type === 'tool_result')).toEqual([expect.objectContaining({ id: 'long', ok: false })]);
    const done = doneOf(events);
    expect(done.cancelled).toBe(true);

    const saved = await reload(k, done.conversation_id);
    expect(saved.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool']);
    expect(saved.messages[3]).toEqual({ role: 'tool', tool_call_id: 'after', name: 'echo', content: 'Not run: the user cancelled the request.' });

    expect(doneOf(await k.run({ conversationId: done.conversation_id, message: 'go on' })).response).toBe('Picking up again.');
  });

  it('withdraws a waiting confirmation when the turn is cancelled', async () => {
    const k = await setUp([callTools(toolCall('shell', { command: 'rm -rf build' }, 'sh1'))]);
    const controller = new AbortController();
    const events = await k.run({ message: 'clean', signal: controller.signal }, (event) => {
      if (event.type === 'confirm_required') controller.abort();
    });
    expect(k.broker.pending()).toEqual([]);
    expect(k.shell.ran).toEqual([]);
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ ok: false, output: 'shell: rm -rf build was not run: the user cancelled the request.' });
    const done = doneOf(events);
    expect(done.cancelled).toBe(true);
    expect((await reload(k, done.conversation_id)).messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('treats a consumer that stops reading as a cancel: nothing left pending, the conversation saved', async () => {
    const k = await setUp([callTools(toolCall('shell', { command: 'ls' }, 'sh1'))]);
    const turn = k.agent.runTurn({ message: 'list', attendance: 'ask' });
    let confirm: AgentEvent | undefined;
    for await (const event of turn) {
      if (event.type === 'confirm_required') {
        confirm = event;
        break;
      }
    }
    expect(confirm).toBeDefined();
    expect(k.broker.pending()).toEqual([]);
    const [summary] = await k.store.list();
    expect((await reload(k, summary!.id)).messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
  });
});
