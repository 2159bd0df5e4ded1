// What a turn the agent cannot start says (busy, unknown conversation, bad replace_from), rules changed mid-session, and no tools to offer.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAgentKit, doneOf, type AgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, toolCall } from '../../../test/support/scripted-llm-client';
import { compileApprovalRules } from '../tools/approval-rules';
import { defineTool } from '../tools/tool';
import { ToolRegistry } from '../tools/tool-registry';
import { ReactAgent } from './react-agent';

let kit: AgentKit | undefined;
afterEach(async () => {
  await kit?.dispose();
  kit = undefined;
});

describe('ReactAgent: turns it cannot start', () => {
  it('a conversation still answering: which one, and what to do', async () => {
    kit = await createAgentKit([reply('one'), reply('two')]);
    const { agent, run } = kit;
    const { conversation_id } = doneOf(await run({ message: 'start' }));
    const first = agent.runTurn({ conversationId: conversation_id, message: 'a', attendance: 'ask' })[Symbol.asyncIterator]();
    await first.next();
    expect(await run({ conversationId: conversation_id, message: 'b' })).toEqual([
      {
        type: 'error',
        code: 'conversation_busy',
        message: `Conversation ${conversation_id} is already answering another message.`,
        hint: 'Wait for that answer (or cancel it), then send this message again.',
      },
    ]);
    while (!(await first.next()).done);
  });

  it('an unknown conversation: its id, and how to find one', async () => {
    kit = await createAgentKit([]);
    expect(await kit.run({ conversationId: 'missing', message: 'hi' })).toEqual([
      {
        type: 'error',
        code: 'conversation_not_found',
        message: 'There is no conversation "missing".',
        hint: 'List conversations (GET /conversations) to find its id, or send the message without a conversation id to start a new one.',
      },
    ]);
  });

  it('a replace_from that is not a user message: what it must be', async () => {
    kit = await createAgentKit([reply('one')]);
    const id = doneOf(await kit.run({ message: 'first' })).conversation_id;
    expect(await kit.run({ conversationId: id, message: 'x', replaceFrom: 1 })).toEqual([
      expect.objectContaining({ type: 'error', code: 'invalid_replace_from', hint: 'replace_from is the index of a user message in GET /conversations/:id.' }),
    ]);
  });
});

describe('ReactAgent: approval rules and tools', () => {
  it('reads rules changed while it runs (a rule saved from the chat) from the next call on', async () => {
    kit = await createAgentKit([callTools(toolCall('shell', { command: 'git push' })), reply('not pushed')]);
    kit.agent.useApprovalRules(await compileApprovalRules([{ tool: 'shell', match: 'git push', decision: 'deny' }]));
    const events = await kit.run({ message: 'push' });
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ ok: false, output: expect.stringContaining('denied by tools.approvals[0]') });
    expect(kit.shell.ran).toEqual([]);
  });

  it('offers a model no tools when none are registered', async () => {
    kit = await createAgentKit([reply('Nothing to use.')]);
    const { llm, store, broker, folder } = kit;
    const config = { systemPrompt: 'Test.', maxSteps: 5, temperature: 0, contextLength: 8192, confirmDangerous: true };
    const bare = new ReactAgent({ llm, store, broker, workspace: folder, config, tools: new ToolRegistry([]) });
    for await (const event of bare.runTurn({ message: 'hi', attendance: 'ask' })) void event;
    expect(kit.llm.requests[0]?.tools).toBeUndefined();
  });

  it("tells the tools harombe's own paths (its home and config file), so a write's preview never reads them", async () => {
    kit = await createAgentKit([callTools(toolCall('where', {})), reply('done')]);
    const seen: Array<readonly string[] | undefined> = [];
    const where = defineTool({
      name: 'where',
      description: 'Report the hidden paths',
      inputSchema: z.object({}),
      dangerous: false,
      describe: () => 'where',
      execute: async (_input, context) => {
        seen.push(context.hidden);
        return { ok: true, output: 'ok' };
      },
    });
    const { llm, store, broker, folder } = kit;
    const config = { systemPrompt: 'Test.', maxSteps: 5, temperature: 0, contextLength: 8192, confirmDangerous: true };
    const agent = new ReactAgent({ llm, store, broker, workspace: folder, config, tools: new ToolRegistry([where]), hiddenPaths: ['/home/me/.harombe'] });
    for await (const event of agent.runTurn({ message: 'where?', attendance: 'ask' })) void event;
    expect(seen).toEqual([['/home/me/.harombe']]);
  });
});
