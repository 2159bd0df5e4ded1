// A turn that starts by naming its conversation, replaces the history from a user message on (edit, regenerate), or answers with another model.
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentKit, doneOf } from '../../../test/support/agent-test-kit';
import type { AgentKit } from '../../../test/support/agent-test-kit';
import { reply } from '../../../test/support/scripted-llm-client';

let kit: AgentKit | undefined;
async function setUp(...args: Parameters<typeof createAgentKit>): Promise<AgentKit> {
  kit = await createAgentKit(...args);
  return kit;
}
afterEach(async () => {
  await kit?.dispose();
  kit = undefined;
});

describe('ReactAgent: start, replace_from, model', () => {
  it('names the conversation and the new message’s index first, in a new conversation and a continued one', async () => {
    const { run } = await setUp([reply('One.'), reply('Two.')]);
    const first = await run({ message: 'a' });
    const id = doneOf(first).conversation_id;
    expect(first[0]).toEqual({ type: 'start', conversation_id: id, message_index: 0 });
    const second = await run({ conversationId: id, message: 'b' });
    expect(second[0]).toEqual({ type: 'start', conversation_id: id, message_index: 2 });
  });

  it('replaces the history from a user message on with the new message and its answer', async () => {
    const { run, store, llm } = await setUp([reply('One.'), reply('Two.'), reply('Edited.')]);
    const id = doneOf(await run({ message: 'first' })).conversation_id;
    await run({ conversationId: id, message: 'second' });

    const edited = await run({ conversationId: id, message: 'second, edited', replaceFrom: 2 });
    expect(edited[0]).toEqual({ type: 'start', conversation_id: id, message_index: 2 });
    expect(doneOf(edited).response).toBe('Edited.');
    expect((await store.get(id))!.messages).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'One.' },
      { role: 'user', content: 'second, edited' },
      { role: 'assistant', content: 'Edited.' },
    ]);
    // The model never saw the replaced exchange.
    expect(JSON.stringify(llm.requests[2]!.messages)).not.toContain('Two.');
  });

  it('refuses an index that is not a user message, changing nothing', async () => {
    const { run, store } = await setUp([reply('One.')]);
    const id = doneOf(await run({ message: 'first' })).conversation_id;
    for (const replaceFrom of [1, 2, 99]) {
      const events = await run({ conversationId: id, message: 'x', replaceFrom });
      expect(events).toEqual([expect.objectContaining({ type: 'error', code: 'invalid_replace_from' })]);
    }
    expect((await store.get(id))!.messages).toHaveLength(2);
  });

  it('asks the model client for the chosen model', async () => {
    const { run, llm } = await setUp([reply('Hi.')]);
    await run({ message: 'hi', model: 'llama3.2:3b' });
    expect(llm.requests[0]!.model).toBe('llama3.2:3b');
  });
});
