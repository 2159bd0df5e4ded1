// What a turn passes on from the model's stream as a person sees it: the route, tokens, tool cards, a forced answer, the prompt.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAgentKit, doneOf, type AgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, text, toolCall } from '../../../test/support/scripted-llm-client';
import type { AgentEvent } from '../../shared';
import type { ChatRequest, LlmClient, LlmStreamEvent } from '../llm/llm-client';
import { defineTool } from '../tools/tool';
import { ToolRegistry } from '../tools/tool-registry';
import { ReactAgent } from './react-agent';

let kit: AgentKit | undefined;
afterEach(async () => {
  await kit?.dispose();
  kit = undefined;
});

const config = { systemPrompt: 'Test.', maxSteps: 5, temperature: 0, contextLength: 8192, confirmDangerous: false };

/** A model that streams `events` once and records the request. */
function streamOf(events: LlmStreamEvent[]): LlmClient & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    model: 'm',
    endpoint: 'test',
    requests,
    async *streamChat(request) {
      requests.push(request);
      yield* events;
    },
  };
}

async function runWith(agent: ReactAgent): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of agent.runTurn({ message: 'hi', attendance: 'ask' })) events.push(event);
  return events;
}

describe('AgentTurn: the stream', () => {
  it('passes on which node answers before the answer, drops empty text, and reports no usage when the model gave none', async () => {
    kit = await createAgentKit([]);
    const llm = streamOf([
      { type: 'route', node: 'gpu-box', tier: 1, complexity: 'simple', reason: 'nearest healthy node' },
      { type: 'text-delta', text: '' },
      { type: 'text-delta', text: 'Hello' },
      { type: 'finish', reason: 'stop' },
    ]);
    const { store, broker, folder } = kit;
    const events = await runWith(new ReactAgent({ llm, store, broker, workspace: folder, config, tools: new ToolRegistry([]) }));
    expect(events.slice(1)).toEqual([
      { type: 'route', node: 'gpu-box', tier: 1, complexity: 'simple', reason: 'nearest healthy node' },
      { type: 'token', text: 'Hello' },
      { type: 'done', conversation_id: expect.any(String), response: 'Hello', steps: 1 },
    ]);
    const saved = await store.get(doneOf(events).conversation_id);
    expect(saved?.last_usage).toBeUndefined();
    expect(saved?.last_prompt_chars).toBeUndefined();
  });

  it('sends no system message when the system prompt is empty', async () => {
    kit = await createAgentKit([]);
    const llm = streamOf([{ type: 'text-delta', text: 'ok' }, { type: 'finish', reason: 'stop' }]);
    const { store, broker, folder } = kit;
    await runWith(new ReactAgent({ llm, store, broker, workspace: folder, config: { ...config, systemPrompt: '' }, tools: new ToolRegistry([]) }));
    expect(llm.requests[0]?.messages.map((message) => message.role)).toEqual(['user']);
  });

  it('says it stopped when the forced last answer is only whitespace', async () => {
    kit = await createAgentKit([callTools(toolCall('echo', { text: 'a' })), [...text('  \n '), { type: 'finish', reason: 'stop' }]], { config: { maxSteps: 1 } });
    expect(doneOf(await kit.run({ message: 'go' })).response).toBe('I stopped after 1 tool steps without reaching an answer. Ask me to continue, or raise agent.max_steps.');
  });

  it("names an MCP tool's server on its tool card, and no server for a built-in", async () => {
    const lookup = defineTool({
      name: 'docs__lookup',
      description: 'Look up',
      inputSchema: z.object({ q: z.string() }),
      dangerous: false,
      server: 'docs',
      describe: ({ q }) => q,
      execute: async () => ({ ok: true, output: 'found' }),
    });
    kit = await createAgentKit([callTools(toolCall('docs__lookup', { q: 'x' }, 'a'), toolCall('echo', { text: 'y' }, 'b')), reply('ok')], { extraTools: [lookup] });
    const cards = (await kit.run({ message: 'go' })).filter((event) => event.type === 'tool_call');
    expect(cards).toEqual([
      { type: 'tool_call', id: 'a', name: 'docs__lookup', arguments: { q: 'x' }, dangerous: false, server: 'docs' },
      { type: 'tool_call', id: 'b', name: 'echo', arguments: { text: 'y' }, dangerous: false },
    ]);
  });
});
