// Grants, modes and the audit line across conversations: what one conversation's "always allow" or mode does (not) do to another.
import { describe, expect, it } from 'vitest';
import { doneOf, useRuledAgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, toolCall } from '../../../test/support/scripted-llm-client';
import type { AgentEvent, AuditEntry, ConfirmRequiredEvent } from '../../shared';
import { answerConfirmation } from './approval-answers';

const setUp = useRuledAgentKit();
const shellStep = (command: string, id = 'sh1') => callTools(toolCall('shell', { command }, id));
const confirmOf = (events: AgentEvent[]) => events.find((event): event is ConfirmRequiredEvent => event.type === 'confirm_required');

describe('grants and modes belong to their conversation', () => {
  it('"always allow" kept in another conversation does not let this one run the call unasked', async () => {
    const k = await setUp([shellStep('ls', 'o1'), shellStep('ls', 'm1'), reply('other done'), shellStep('pwd', 'm2'), reply('mine done')]);
    const other = k.run({ message: 'other' });
    await new Promise<void>((resolve) => {
      const subscription = k.broker.onDidChange(() => {
        if (k.broker.pending().length === 0) return;
        subscription.dispose();
        resolve();
      });
    });
    const asked: string[] = [];
    const events = await k.run({ message: 'mine' }, async (event) => {
      if (event.type !== 'confirm_required') return;
      asked.push(event.tool_call.id);
      if (event.tool_call.id === 'm1') {
        // While this turn waits, the other conversation's call is answered "always allow" every shell command, kept there.
        const waiting = k.broker.pending().find((pending) => pending.tool_call.id === 'o1');
        await answerConfirmation({ broker: k.broker }, waiting!.confirmation_id, { decision: 'always_allow', scope: 'tool' });
        await other;
        k.broker.answer(event.confirmation_id, 'allow_once');
      } else k.broker.answer(event.confirmation_id, 'deny');
    });
    expect(asked).toEqual(['m1', 'm2']);
    expect(events.filter((event) => event.type === 'tool_result').at(-1)).toMatchObject({ ok: false, output: 'The user declined to run shell: pwd.' });
  });

  it("a mode changed in another conversation leaves this one's alone; changed back to none, the configured mode applies", async () => {
    const k = await setUp([shellStep('ls'), shellStep('pwd', 'sh2'), shellStep('whoami', 'sh3'), reply('ok')], [], { config: { approvalMode: 'trusted' } });
    let asked = 0;
    const events = await k.run({ message: 'go', approvalMode: 'ask' }, (event) => {
      if (event.type !== 'confirm_required') return;
      asked += 1;
      if (asked === 1) {
        k.broker.changeMode('another-conversation', 'trusted');
        k.broker.answer(event.confirmation_id, 'allow_once');
      } else if (asked === 2) {
        k.broker.changeMode(event.conversation_id, undefined);
        k.broker.answer(event.confirmation_id, 'allow_once');
      } else k.broker.answer(event.confirmation_id, 'allow_once');
    });
    expect(asked).toBe(2);
    expect(k.shell.ran).toEqual(['ls', 'pwd', 'whoami']);
    expect((await k.store.get(doneOf(events).conversation_id))?.approval_mode).toBeUndefined();
  });

  it('"always allow" answered without a scope keeps the narrowest offered rule in the conversation', async () => {
    const k = await setUp([shellStep('git fetch origin'), reply('ok')]);
    const events = await k.runAnswering({ message: 'fetch' }, 'always_allow');
    expect((await k.store.get(doneOf(events).conversation_id))?.always_allow).toEqual([{ tool: 'shell', match: 'git fetch origin', exact: true }]);
  });
});

describe('what an ask rule offers, and the audit of safe tools', () => {
  it('an ask rule offers no "always allow" (it asks every time)', async () => {
    const k = await setUp([shellStep('git push'), reply('ok')], [{ tool: 'shell', match: 'git push', decision: 'ask' }]);
    expect(confirmOf(await k.runAnswering({ message: 'push' }, 'deny'))?.always_allow_options).toEqual([]);
  });

  it('audits a safe call a rule decided, not one that ran because it is safe, and a result with no exit code as null', async () => {
    const entries: AuditEntry[] = [];
    const k = await setUp(
      [callTools(toolCall('echo', { text: 'ruled' }, 'e1')), callTools(toolCall('shell', { command: 'ls' }, 'sh1')), reply('ok')],
      [{ tool: 'echo', decision: 'allow' }],
      { audit: { record: (entry) => entries.push(entry) }, config: { confirmDangerous: false } },
    );
    await k.run({ message: 'go' });
    expect(entries.map(({ tool_call_id, decided_by, exit_code }) => ({ tool_call_id, decided_by, exit_code }))).toEqual([
      { tool_call_id: 'e1', decided_by: { kind: 'rule', rule: 'tools.approvals[0] (echo: allow)' }, exit_code: null },
      { tool_call_id: 'sh1', decided_by: { kind: 'config' }, exit_code: null },
    ]);
  });

  it('names both a configured rule and a conversation grant when they allow a command together', async () => {
    const entries: AuditEntry[] = [];
    const k = await setUp([shellStep('pwd'), reply('a'), shellStep('git status && pwd', 'sh2'), reply('b')], [{ tool: 'shell', match: 'git status', decision: 'allow' }], {
      audit: { record: (entry) => entries.push(entry) },
    });
    const first = await k.runAnswering({ message: 'where' }, 'always_allow');
    await k.run({ conversationId: doneOf(first).conversation_id, message: 'status' });
    expect(entries.at(-1)?.decided_by).toEqual({ kind: 'always_allow', rule: 'tools.approvals[0] (shell `git status`: allow); always allow in this conversation: shell `pwd`' });
  });
});
