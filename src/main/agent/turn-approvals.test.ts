// What a settled call tells the model and the audit log: each refusal's words, the wait in words, and who allowed a later call.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { doneOf, useRuledAgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, toolCall } from '../../../test/support/scripted-llm-client';
import type { AgentEvent, AuditEntry } from '../../shared';
import { defineTool } from '../tools/tool';
import { answerConfirmation } from './approval-answers';

const setUp = useRuledAgentKit();
const resultOf = (events: AgentEvent[]) => events.find((event) => event.type === 'tool_result');

/** An MCP server's dangerous tool, with an exit code like a process's. */
const query = defineTool({
  name: 'db__query',
  description: 'Run a query',
  inputSchema: z.object({ sql: z.string() }),
  dangerous: true,
  server: 'db',
  describe: ({ sql }) => sql,
  execute: async ({ sql }) => ({ ok: true, output: `rows for ${sql}`, exitCode: 0 }),
});

describe('a call nobody answers', () => {
  it.each([
    [60_000, '1 minute'],
    [120_000, '2 minutes'],
    [90_000, '90 seconds'],
    [1_000, '1 second'],
    [1_400, '1 second'],
  ])('with a %i ms wait tells the model it was not approved within %s', async (timeoutMs, words) => {
    const expiries: Array<() => void> = [];
    const timers = { setTimeout: (callback: () => void) => expiries.push(callback), clearTimeout: () => undefined };
    const k = await setUp([callTools(toolCall('shell', { command: 'ls' })), reply('ok')], [], { broker: { timers, timeoutMs } });
    const events = await k.run({ message: 'list' }, (event) => {
      if (event.type === 'confirm_required') expiries.at(-1)!();
    });
    expect(resultOf(events)).toMatchObject({ ok: false, output: `No one approved shell: ls within ${words}, so it was not run.` });
  });
});

describe('refusals the model reads', () => {
  it('a deny rule: the rule and the command, and not to try another way', async () => {
    const k = await setUp([callTools(toolCall('shell', { command: 'git push origin main' })), reply('no')], [{ tool: 'shell', match: 'git push', decision: 'deny' }]);
    expect(resultOf(await k.run({ message: 'push' }))).toMatchObject({
      ok: false,
      output:
        "shell: git push origin main was not run: denied by tools.approvals[0] (shell `git push`: deny): `git push origin main`. The user's approval rules forbid it; do not try another way to do the same, tell the user.",
    });
    expect(k.shell.ran).toEqual([]);
  });

  it('harombe shutting down while a call waits', async () => {
    const k = await setUp([callTools(toolCall('shell', { command: 'ls' })), reply('bye')]);
    const events = await k.run({ message: 'list' }, (event) => {
      if (event.type === 'confirm_required') k.broker.dispose();
    });
    expect(resultOf(events)).toMatchObject({ ok: false, output: 'shell: ls was not run: harombe is shutting down.' });
  });
});

describe('the audit line of an MCP call', () => {
  it('names the server and exit code, and who allowed a later call: the conversation grant with its arguments', async () => {
    const entries: AuditEntry[] = [];
    const k = await setUp(
      [callTools(toolCall('db__query', { sql: 'select 1' }, 'q1')), reply('one'), callTools(toolCall('db__query', { sql: 'select 1' }, 'q2')), reply('again')],
      [],
      { extraTools: [query], audit: { record: (entry) => entries.push(entry) } },
    );
    const first = await k.run({ message: 'query' }, async (event) => {
      if (event.type === 'confirm_required') await answerConfirmation({ broker: k.broker }, event.confirmation_id, { decision: 'always_allow', scope: 'exact', surface: 'cli' });
    });
    await k.run({ conversationId: doneOf(first).conversation_id, message: 'again' });
    expect(entries.map(({ tool_call_id, server, decision, decided_by, ok, exit_code }) => ({ tool_call_id, server, decision, decided_by, ok, exit_code }))).toEqual([
      { tool_call_id: 'q1', server: 'db', decision: 'allowed', decided_by: { kind: 'person', surface: 'cli' }, ok: true, exit_code: 0 },
      {
        tool_call_id: 'q2',
        server: 'db',
        decision: 'allowed',
        decided_by: { kind: 'always_allow', rule: 'always allow in this conversation: db__query sql=`select 1`' },
        ok: true,
        exit_code: 0,
      },
    ]);
  });
});
