// How a turn's tool steps and endings read afterwards: a tool's time on its card, a cancel before any word, a failure mid-step, the reply's room.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAgentKit, doneOf, type AgentKit } from '../../../test/support/agent-test-kit';
import { callTools, finish, Gate, pause, reply, text, toolCall } from '../../../test/support/scripted-llm-client';
import type { AgentEvent, AuditEntry } from '../../shared';
import { defineTool } from '../tools/tool';
import { ToolRegistry } from '../tools/tool-registry';
import type { AgentSettings } from './agent-turn';
import { ReactAgent, type ReactAgentOptions } from './react-agent';

let kit: AgentKit | undefined;
afterEach(async () => {
  await kit?.dispose();
  kit = undefined;
});

const config: AgentSettings = { systemPrompt: 'Test.', maxSteps: 5, temperature: 0, contextLength: 8192, confirmDangerous: false };

async function collect(agent: ReactAgent, input: { message: string; conversationId?: string; signal?: AbortSignal }): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of agent.runTurn({ attendance: 'ask', ...input })) events.push(event);
  return events;
}

/** An agent over the kit's store, broker and folder with its own tools, model and settings. */
function agentOver(k: AgentKit, options: Partial<ReactAgentOptions> & Pick<ReactAgentOptions, 'tools'>): ReactAgent {
  return new ReactAgent({ llm: k.llm, store: k.store, broker: k.broker, workspace: k.folder, config, ...options });
}

describe('a tool step', () => {
  it("shows how long the tool ran on its card and in the audit line, and never a negative time when the clock steps back", async () => {
    let now = Date.parse('2026-12-02T10:00:00.000Z');
    const steps = [1_500, -60_000];
    const timed = defineTool({
      name: 'build',
      description: 'Build',
      inputSchema: z.object({}),
      dangerous: true,
      describe: () => 'build',
      execute: async () => {
        now += steps.shift()!;
        return { ok: true, output: 'built' };
      },
    });
    kit = await createAgentKit([callTools(toolCall('build', {}, 'b1')), callTools(toolCall('build', {}, 'b2')), reply('done')]);
    const entries: AuditEntry[] = [];
    const agent = agentOver(kit, { tools: new ToolRegistry([timed]), clock: () => new Date(now), audit: { record: (entry) => entries.push(entry) } });
    const results = (await collect(agent, { message: 'build twice' })).filter((event) => event.type === 'tool_result');
    expect(results.map((event) => event.ms)).toEqual([1_500, 0]);
    expect(entries.map((entry) => entry.duration_ms)).toEqual([1_500, 0]);
  });

  it('keeps the conversation able to go on after a failure between two calls: the call not run is answered as such', async () => {
    /** A registry failing on its second run past the tool's own error handling: a full disk. */
    class FailingRegistry extends ToolRegistry {
      private runs = 0;
      override async execute(...args: Parameters<ToolRegistry['execute']>) {
        this.runs += 1;
        if (this.runs === 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
        return super.execute(...args);
      }
    }
    const echo = defineTool({
      name: 'echo',
      description: 'Echo',
      inputSchema: z.object({ text: z.string() }),
      dangerous: false,
      describe: ({ text }) => text,
      execute: async ({ text }) => ({ ok: true, output: text }),
    });
    kit = await createAgentKit([callTools(toolCall('echo', { text: 'a' }, 'c1'), toolCall('echo', { text: 'b' }, 'c2'), toolCall('echo', { text: 'c' }, 'c3')), reply('Again.')]);
    const agent = agentOver(kit, { tools: new FailingRegistry([echo]) });
    const events = await collect(agent, { message: 'echo three' });
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'storage_failed', message: 'Could not read or save the conversation: ENOSPC: no space left on device, write' });
    const [summary] = await kit.store.list();
    const saved = await kit.store.get(summary!.id);
    expect(saved!.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'c1', name: 'echo', content: 'a' },
      { role: 'tool', tool_call_id: 'c2', name: 'echo', content: 'Not run: the request failed before this tool could run.' },
      { role: 'tool', tool_call_id: 'c3', name: 'echo', content: 'Not run: the request failed before this tool could run.' },
    ]);
    expect(doneOf(await collect(agent, { conversationId: summary!.id, message: 'again' })).response).toBe('Again.');
  });
});

describe('a cancelled turn', () => {
  it('cancelled before the model said anything ends with an empty response (not the last turn\'s answer) and keeps only the question', async () => {
    const gate = new Gate();
    kit = await createAgentKit([reply('Hello.'), [pause(gate)]]);
    const { conversation_id } = doneOf(await kit.run({ message: 'hi' }));
    const controller = new AbortController();
    const turn = kit.run({ conversationId: conversation_id, message: 'are you there?', signal: controller.signal });
    await gate.reached;
    controller.abort();
    expect(doneOf(await turn)).toEqual({ type: 'done', conversation_id, response: '', steps: 1, cancelled: true });
    expect((await kit.store.get(conversation_id))?.messages.slice(2)).toEqual([{ role: 'user', content: 'are you there?' }]);
  });

  it('cancelled before it began asks the model nothing and keeps the question', async () => {
    kit = await createAgentKit([reply('never sent')]);
    const controller = new AbortController();
    controller.abort();
    const done = doneOf(await kit.run({ message: 'too late', signal: controller.signal }));
    expect(done).toEqual({ type: 'done', conversation_id: done.conversation_id, response: '', steps: 0, cancelled: true });
    expect(kit.llm.requests).toEqual([]);
    expect((await kit.store.get(done.conversation_id))?.messages).toEqual([{ role: 'user', content: 'too late' }]);
  });

  it('cancelled in the model call after a tool step ends with what the model said before the tool, not the tool\'s output', async () => {
    const gate = new Gate();
    kit = await createAgentKit([[...text('Let me look. '), toolCall('echo', { text: 'found it' }), finish(undefined, 'tool_calls')], [pause(gate)]]);
    const controller = new AbortController();
    const turn = kit.run({ message: 'look', signal: controller.signal });
    await gate.reached;
    controller.abort();
    expect(doneOf(await turn)).toMatchObject({ response: 'Let me look. ', cancelled: true, steps: 2 });
  });

  it('tells the model a running tool was cancelled, and answers a later call reusing an earlier id as not run', async () => {
    kit = await createAgentKit(
      [
        callTools(toolCall('echo', { text: 'first' }, 'x')),
        // Some backends number calls per step: this step reuses `x` for a call it never reaches.
        callTools(toolCall('shell', { command: 'block' }, 'long'), toolCall('echo', { text: 'second' }, 'x')),
      ],
      { config: { confirmDangerous: false } },
    );
    const controller = new AbortController();
    const turn = kit.run({ message: 'go', signal: controller.signal });
    await kit.shell.blocked;
    controller.abort();
    const events = await turn;
    expect(events.filter((event) => event.type === 'tool_result').map((event) => event.type === 'tool_result' && event.output)).toEqual(['first', 'shell was cancelled.']);
    const saved = await kit.store.get(doneOf(events).conversation_id);
    expect(saved?.messages.slice(-3)).toEqual([
      expect.objectContaining({ role: 'assistant' }),
      { role: 'tool', tool_call_id: 'long', name: 'shell', content: 'shell was cancelled.' },
      { role: 'tool', tool_call_id: 'x', name: 'echo', content: 'Not run: the user cancelled the request.' },
    ]);
  });
});

describe('the room kept for the reply', () => {
  it('a configured reserve smaller than the default keeps an earlier exchange the default would drop', async () => {
    const long = 'x'.repeat(3_200);
    const make = async (replyReserve?: number) => {
      const k = await createAgentKit([reply('first answer'), reply('second answer')], {
        toolsEnabled: false,
        config: { contextLength: 1_000, ...(replyReserve !== undefined ? { replyReserve } : {}) },
      });
      try {
        const { conversation_id } = doneOf(await k.run({ message: `one ${long}` }));
        await k.run({ conversationId: conversation_id, message: 'two' });
        return k.llm.requests[1]!.messages.map((message) => message.content.slice(0, 4));
      } finally {
        await k.dispose();
      }
    };
    // 1,000 tokens at 4 characters each: the prompt with the first exchange (~3,300 characters) fits beside a
    // 100-token reserve (3,600 characters), not beside the default quarter (250 tokens: 3,000 characters).
    expect(await make(100)).toEqual(['You ', 'one ', 'firs', 'two']);
    expect(await make()).toEqual(['You ', 'two']);
  });
});
