// "Always allow" kept everywhere (saved to harombe.yaml): what it does for the rest of this turn and for a turn running elsewhere.
import { describe, expect, it } from 'vitest';
import { doneOf, useRuledAgentKit } from '../../../test/support/agent-test-kit';
import { callTools, finish, Gate, pause, reply, toolCall } from '../../../test/support/scripted-llm-client';
import type { ApprovalRule, AuditEntry } from '../../shared';
import { answerConfirmation } from './approval-answers';

const setUp = useRuledAgentKit();

describe('"always allow" everywhere', () => {
  it('lets the same call run unasked for the rest of the turn, names the saved rule in the audit, and keeps nothing in the conversation', async () => {
    const saved: ApprovalRule[] = [];
    const entries: AuditEntry[] = [];
    const k = await setUp([callTools(toolCall('shell', { command: 'git fetch origin' }, 'f1')), callTools(toolCall('shell', { command: 'git fetch origin' }, 'f2')), reply('fetched')], [], {
      audit: { record: (entry) => entries.push(entry) },
    });
    const asked: string[] = [];
    const events = await k.run({ message: 'fetch twice' }, async (event) => {
      if (event.type !== 'confirm_required') return;
      asked.push(event.tool_call.id);
      await answerConfirmation({ broker: k.broker, saveRule: async (rule) => void saved.push(rule) }, event.confirmation_id, {
        decision: 'always_allow',
        scope: 'exact',
        where: 'everywhere',
        surface: 'window',
      });
    });
    expect(asked).toEqual(['f1']);
    expect(k.shell.ran).toEqual(['git fetch origin', 'git fetch origin']);
    expect(saved).toEqual([{ tool: 'shell', match: 'git fetch origin', exact: true, decision: 'allow' }]);
    expect((await k.store.get(doneOf(events).conversation_id))?.always_allow).toEqual([]);
    expect(entries.map(({ tool_call_id, decided_by }) => ({ tool_call_id, decided_by }))).toEqual([
      { tool_call_id: 'f1', decided_by: { kind: 'person', surface: 'window' } },
      { tool_call_id: 'f2', decided_by: { kind: 'always_allow', rule: 'always allow: shell `git fetch origin`' } },
    ]);
  });

  it('given in another conversation, runs the call in an unattended turn already running (unlike a grant kept in one conversation)', async () => {
    const entries: AuditEntry[] = [];
    const gate = new Gate();
    const k = await setUp(
      [
        // The unattended turn: its model pauses before calling `ls`, while a person answers in the other conversation.
        [pause(gate), toolCall('shell', { command: 'ls' }, 'script'), finish(undefined, 'tool_calls')],
        callTools(toolCall('shell', { command: 'ls' }, 'person')),
        reply('listed for the person'),
        reply('listed for the script'),
      ],
      [],
      { audit: { record: (entry) => entries.push(entry) } },
    );
    const unattended = k.run({ message: 'nightly listing', attendance: 'deny' });
    await gate.reached;
    await k.run({ message: 'list' }, async (event) => {
      if (event.type === 'confirm_required') {
        await answerConfirmation({ broker: k.broker, saveRule: async () => undefined }, event.confirmation_id, { decision: 'always_allow', scope: 'exact', where: 'everywhere' });
      }
    });
    gate.open();
    const events = await unattended;
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ id: 'script', ok: true, output: 'ran: ls' });
    expect(doneOf(events).response).toBe('listed for the script');
    expect(entries.find((entry) => entry.tool_call_id === 'script')?.decided_by).toEqual({ kind: 'always_allow', rule: 'always allow: shell `ls`' });
  });
});
