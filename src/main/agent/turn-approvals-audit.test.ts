// The audit line and the rule read for a call: a cancelled call, rules deciding together, a grant with several arguments, a link in the path.
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { doneOf, useRuledAgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, toolCall } from '../../../test/support/scripted-llm-client';
import type { AgentEvent, AuditEntry } from '../../shared';
import { defineTool } from '../tools/tool';
import { writeFileTool } from '../tools/write-file-tool';
import { answerConfirmation } from './approval-answers';

const setUp = useRuledAgentKit();
const resultOf = (events: AgentEvent[]) => events.find((event) => event.type === 'tool_result');
const auditInto = (entries: AuditEntry[]) => ({ audit: { record: (entry: AuditEntry) => entries.push(entry) } });

describe('the audit line of a call that never ran', () => {
  it('says the call was cancelled when the person cancels the turn while it waits', async () => {
    const entries: AuditEntry[] = [];
    const k = await setUp([callTools(toolCall('shell', { command: 'rm -rf build' }, 'sh1'))], [], auditInto(entries));
    const controller = new AbortController();
    await k.run({ message: 'clean', signal: controller.signal }, (event) => {
      if (event.type === 'confirm_required') controller.abort();
    });
    expect(entries.map(({ tool_call_id, decision, decided_by }) => ({ tool_call_id, decision, decided_by }))).toEqual([
      { tool_call_id: 'sh1', decision: 'denied', decided_by: { kind: 'cancelled' } },
    ]);
  });

  it('says the call was cancelled when harombe shuts down while it waits', async () => {
    const entries: AuditEntry[] = [];
    const k = await setUp([callTools(toolCall('shell', { command: 'ls' }, 'sh1')), reply('bye')], [], auditInto(entries));
    await k.run({ message: 'list' }, (event) => {
      if (event.type === 'confirm_required') k.broker.dispose();
    });
    expect(entries.map(({ decision, decided_by }) => ({ decision, decided_by }))).toEqual([{ decision: 'denied', decided_by: { kind: 'cancelled' } }]);
  });
});

describe('which rule the audit line names', () => {
  it('both configured rules when they allow a command together, separated by "; "', async () => {
    const entries: AuditEntry[] = [];
    const k = await setUp(
      [callTools(toolCall('shell', { command: 'git status && pwd' })), reply('ok')],
      [
        { tool: 'shell', match: 'git status', decision: 'allow' },
        { tool: 'shell', match: 'pwd', decision: 'allow' },
      ],
      auditInto(entries),
    );
    await k.run({ message: 'where' });
    expect(k.shell.ran).toEqual(['git status && pwd']);
    expect(entries[0]?.decided_by).toEqual({ kind: 'rule', rule: 'tools.approvals[0] (shell `git status`: allow); tools.approvals[1] (shell `pwd`: allow)' });
  });

  it("a conversation grant on an MCP tool's call with every argument, separated by spaces", async () => {
    const query = defineTool({
      name: 'db__query',
      description: 'Run a query',
      inputSchema: z.object({ db: z.string(), sql: z.string() }),
      dangerous: true,
      server: 'db',
      describe: ({ db, sql }) => `${db}: ${sql}`,
      execute: async () => ({ ok: true, output: 'rows' }),
    });
    const entries: AuditEntry[] = [];
    const call = (id: string) => callTools(toolCall('db__query', { db: 'main', sql: 'select 1' }, id));
    const k = await setUp([call('q1'), reply('one'), call('q2'), reply('again')], [], { extraTools: [query], ...auditInto(entries) });
    const first = await k.run({ message: 'query' }, async (event) => {
      if (event.type === 'confirm_required') await answerConfirmation({ broker: k.broker }, event.confirmation_id, { decision: 'always_allow', scope: 'exact' });
    });
    await k.run({ conversationId: doneOf(first).conversation_id, message: 'again' });
    expect(entries.at(-1)?.decided_by).toEqual({ kind: 'always_allow', rule: 'always allow in this conversation: db__query db=`main` sql=`select 1`' });
  });
});

describe('a path through a link', () => {
  it('is ruled where the link leads: a deny rule on the folder it reaches refuses it, whatever allows the path as written', async () => {
    const k = await setUp(
      [callTools(toolCall('write_file', { path: 'docs/plan.md', content: 'x' }, 'w1')), reply('ok')],
      [
        { tool: 'write_file', match: 'docs/**', decision: 'allow' },
        { tool: 'write_file', match: 'secrets/**', decision: 'deny' },
      ],
      { extraTools: [writeFileTool] },
    );
    await mkdir(join(k.folder, 'secrets'));
    await symlink(join(k.folder, 'secrets'), join(k.folder, 'docs'));
    const events = await k.run({ message: 'plan' });
    expect(resultOf(events)).toMatchObject({
      ok: false,
      output:
        "write_file: write 1 byte to docs/plan.md was not run: denied by tools.approvals[1] (write_file `secrets/**`: deny): docs/plan.md → secrets/plan.md. The user's approval rules forbid it; do not try another way to do the same, tell the user.",
    });
    expect(await readdir(join(k.folder, 'secrets'))).toEqual([]);
  });
});
