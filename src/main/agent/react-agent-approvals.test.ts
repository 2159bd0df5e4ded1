// Approval modes, why a call is asked, "always allow" scopes (here and everywhere, settling waiting calls) and the audit hook, through real turns.
import { describe, expect, it } from 'vitest';
import { doneOf, eventTypes, useRuledAgentKit, type AgentKit } from '../../../test/support/agent-test-kit';
import { callTools, reply, toolCall } from '../../../test/support/scripted-llm-client';
import type { AgentEvent, ApprovalRule, AuditEntry, ConfirmRequiredEvent } from '../../shared';
import { answerConfirmation } from './approval-answers';

const setUp = useRuledAgentKit();

const shellStep = (command: string, id = 'sh1') => callTools(toolCall('shell', { command }, id));
const echoStep = (text: string, id = 'e1') => callTools(toolCall('echo', { text }, id));
const confirmOf = (events: AgentEvent[]) => events.find((event): event is ConfirmRequiredEvent => event.type === 'confirm_required');

/** Resolves with the next confirm_required the broker holds (a turn announced it). */
function nextConfirmation(k: AgentKit, count = 1): Promise<string[]> {
  return new Promise((resolve) => {
    const check = () => {
      if (k.broker.pending().length < count) return;
      subscription.dispose();
      resolve(k.broker.pending().map((pending) => pending.confirmation_id));
    };
    const subscription = k.broker.onDidChange(check);
    check();
  });
}

describe('approval modes', () => {
  it('rules-only asks even about a safe tool no rule allows, and says so', async () => {
    const k = await setUp([echoStep('hi'), reply('done')], [], { config: { approvalMode: 'rules_only' } });
    const events = await k.runAnswering({ message: 'say hi' }, 'allow_once');
    expect(confirmOf(events)).toMatchObject({ asked_because: 'this conversation is in rules-only mode and no rule in tools.approvals allows echo with these arguments' });
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ ok: true, output: 'hi' });
  });

  it('rules-only runs what a rule allows without asking', async () => {
    const k = await setUp([shellStep('git status'), reply('clean')], [{ tool: 'shell', match: 'git status', decision: 'allow' }], { config: { approvalMode: 'rules_only' } });
    expect(eventTypes(await k.run({ message: 'status?' }))).not.toContain('confirm_required');
    expect(k.shell.ran).toEqual(['git status']);
  });

  it('trusted runs an unruled, always-asked command unasked, but a deny rule still refuses', async () => {
    const k = await setUp([shellStep('rm -rf build'), reply('gone'), shellStep('git push', 'sh2'), reply('no')], [{ tool: 'shell', match: 'git push', decision: 'deny' }]);
    const first = await k.run({ message: 'clean', approvalMode: 'trusted' });
    expect(eventTypes(first)).not.toContain('confirm_required');
    const { conversation_id } = doneOf(first);
    // The choice is kept on the conversation: the next turn is trusted too.
    expect((await k.store.get(conversation_id))?.approval_mode).toBe('trusted');
    const second = await k.run({ conversationId: conversation_id, message: 'push' });
    expect(second.find((event) => event.type === 'tool_result')).toMatchObject({ ok: false, output: expect.stringContaining('denied by tools.approvals[0]') });
    expect(k.shell.ran).toEqual(['rm -rf build']);
  });

  it('chat-only offers the model no tools', async () => {
    const k = await setUp([reply('Just talking.')], [], { config: { approvalMode: 'chat_only' } });
    doneOf(await k.run({ message: 'hello' }));
    expect(k.llm.requests[0]?.tools).toBeUndefined();
  });

  it('ask (the default) asks about an unruled dangerous call and runs safe tools', async () => {
    const k = await setUp([echoStep('hi'), shellStep('ls', 'sh2'), reply('ok')]);
    const events = await k.runAnswering({ message: 'go' }, 'deny');
    expect(events.filter((event) => event.type === 'confirm_required')).toHaveLength(1);
    expect(confirmOf(events)).toMatchObject({ tool_call: { name: 'shell' }, asked_because: 'shell is dangerous and no rule in tools.approvals allows `ls`' });
  });

  it('a mode changed while a turn runs applies to its next call and is saved with the conversation', async () => {
    const k = await setUp([shellStep('ls'), shellStep('pwd', 'sh2'), reply('ok')]);
    const events = await k.run({ message: 'go' }, (event) => {
      if (event.type !== 'confirm_required') return;
      k.broker.changeMode(event.conversation_id, 'trusted');
      k.broker.answer(event.confirmation_id, 'allow_once');
    });
    expect(events.filter((event) => event.type === 'confirm_required')).toHaveLength(1);
    expect(k.shell.ran).toEqual(['ls', 'pwd']);
    expect((await k.store.get(doneOf(events).conversation_id))?.approval_mode).toBe('trusted');
  });
});

describe('"always allow" scopes', () => {
  it('offers this exact command, its first words and the whole tool, each with its rule', async () => {
    const k = await setUp([shellStep('git push origin main'), reply('ok')]);
    const confirm = confirmOf(await k.runAnswering({ message: 'push' }, 'deny'));
    expect(confirm?.always_allow_options).toEqual([
      { scope: 'exact', label: 'this exact command `git push origin main`', rule: { tool: 'shell', match: 'git push origin main', exact: true } },
      { scope: 'prefix', label: 'commands starting with `git push`', rule: { tool: 'shell', match: 'git push' } },
      { scope: 'tool', label: 'every shell command', rule: { tool: 'shell' } },
    ]);
  });

  it('offers only the exact command for an always-asked one, and says why it is asked', async () => {
    const k = await setUp([shellStep('rm -rf build'), reply('ok')]);
    const confirm = confirmOf(await k.runAnswering({ message: 'clean' }, 'deny'));
    expect(confirm?.asked_because).toBe('`rm -rf build` is on the always-ask list (rm -r / rm -f)');
    expect(confirm?.always_allow_options?.map((option) => option.scope)).toEqual(['exact']);
  });

  it('"commands starting with" in this conversation: a later call with those words runs unasked, another is asked', async () => {
    const k = await setUp([shellStep('git push origin main'), reply('ok'), shellStep('git push origin dev', 'sh2'), reply('ok'), shellStep('git pull', 'sh3'), reply('ok')]);
    const first = await k.run({ message: 'push' }, async (event) => {
      if (event.type === 'confirm_required') await answerConfirmation({ broker: k.broker }, event.confirmation_id, { decision: 'always_allow', scope: 'prefix', surface: 'cli' });
    });
    const { conversation_id } = doneOf(first);
    expect((await k.store.get(conversation_id))?.always_allow).toEqual([{ tool: 'shell', match: 'git push' }]);
    expect(eventTypes(await k.run({ conversationId: conversation_id, message: 'push dev' }))).not.toContain('confirm_required');
    expect(eventTypes(await k.runAnswering({ conversationId: conversation_id, message: 'pull' }, 'deny'))).toContain('confirm_required');
    expect(k.shell.ran).toEqual(['git push origin main', 'git push origin dev']);
  });

  it('"this exact command" covers that command again and nothing longer or else', async () => {
    const k = await setUp([
      shellStep('git push origin main'), reply('ok'),
      shellStep('git push origin main', 'sh2'), reply('ok'),
      shellStep('git push origin main --tags', 'sh3'), reply('ok'),
      shellStep('npm publish', 'sh4'), reply('ok'),
    ]);
    const first = await k.run({ message: 'push' }, async (event) => {
      if (event.type === 'confirm_required') await answerConfirmation({ broker: k.broker }, event.confirmation_id, { decision: 'always_allow', scope: 'exact' });
    });
    const conversationId = doneOf(first).conversation_id;
    expect(eventTypes(await k.run({ conversationId, message: 'again' }))).not.toContain('confirm_required');
    expect(eventTypes(await k.runAnswering({ conversationId, message: 'with tags' }, 'deny'))).toContain('confirm_required');
    expect(eventTypes(await k.runAnswering({ conversationId, message: 'publish' }, 'deny'))).toContain('confirm_required');
    expect(k.shell.ran).toEqual(['git push origin main', 'git push origin main']);
  });

  it('everywhere: saves the rule, and settles the waiting calls it covers in other conversations, not others', async () => {
    const saved: ApprovalRule[] = [];
    const k = await setUp([shellStep('git push origin main'), shellStep('git push origin dev', 'sh2'), shellStep('git pull', 'sh3'), reply('a'), reply('b'), reply('c')]);
    const turns = [k.run({ message: 'push main' })];
    await nextConfirmation(k, 1);
    turns.push(k.run({ message: 'push dev' }));
    await nextConfirmation(k, 2);
    turns.push(k.run({ message: 'pull' }));
    const [main, dev, pull] = await nextConfirmation(k, 3);
    const answered = await answerConfirmation({ broker: k.broker, saveRule: async (rule) => void saved.push(rule) }, main!, {
      decision: 'always_allow',
      scope: 'prefix',
      where: 'everywhere',
      surface: 'window',
    });
    expect(saved).toEqual([{ tool: 'shell', match: 'git push', decision: 'allow' }]);
    expect(answered).toMatchObject({ rule: { tool: 'shell', match: 'git push' }, where: 'everywhere', also_settled: [dev] });
    expect(k.broker.pending().map((pending) => pending.confirmation_id)).toEqual([pull]);
    k.broker.answer(pull!, 'deny');
    await Promise.all(turns);
    expect(k.shell.ran.sort()).toEqual(['git push origin dev', 'git push origin main']);
  });

  it('refuses a scope the call does not offer, leaving it waiting', async () => {
    const k = await setUp([shellStep('rm -rf build'), reply('ok')]);
    const turn = k.run({ message: 'clean' });
    const [id] = await nextConfirmation(k);
    await expect(answerConfirmation({ broker: k.broker }, id!, { decision: 'always_allow', scope: 'tool' })).rejects.toThrow(/does not offer the scope "tool"/);
    expect(k.broker.pending()).toHaveLength(1);
    k.broker.answer(id!, 'deny');
    await turn;
  });
});

describe('the audit hook', () => {
  it('tells the sink of every dangerous call and every call a rule decided, once settled, with who decided', async () => {
    const entries: AuditEntry[] = [];
    const rules: ApprovalRule[] = [
      { tool: 'shell', match: 'git status', decision: 'allow' },
      { tool: 'echo', match: undefined, decision: 'deny' },
    ].map(({ match, ...rule }) => (match ? { ...rule, match } : rule)) as ApprovalRule[];
    const k = await setUp(
      [callTools(toolCall('shell', { command: 'git status' }, 'a'), toolCall('echo', { text: 'x' }, 'b'), toolCall('shell', { command: 'ls' }, 'c'), toolCall('shell', { command: 'pwd' }, 'd')), reply('ok')],
      rules,
      { audit: { record: (entry) => entries.push(entry) } },
    );
    let answers = 0;
    const events = await k.run({ message: 'go' }, async (event) => {
      if (event.type !== 'confirm_required') return;
      answers += 1;
      await answerConfirmation({ broker: k.broker }, event.confirmation_id, { decision: answers === 1 ? 'allow_once' : 'deny', surface: 'cli' });
    });
    const { conversation_id } = doneOf(events);
    expect(entries.map(({ tool_call_id, decision, decided_by, ok }) => ({ tool_call_id, decision, decided_by, ok }))).toEqual([
      { tool_call_id: 'a', decision: 'allowed', decided_by: { kind: 'rule', rule: 'tools.approvals[0] (shell `git status`: allow)' }, ok: true },
      { tool_call_id: 'b', decision: 'denied', decided_by: { kind: 'rule', rule: 'tools.approvals[1] (echo: deny)' }, ok: undefined },
      { tool_call_id: 'c', decision: 'allowed', decided_by: { kind: 'person', surface: 'cli' }, ok: true },
      { tool_call_id: 'd', decision: 'denied', decided_by: { kind: 'person', surface: 'cli' }, ok: undefined },
    ]);
    expect(entries[0]).toMatchObject({ conversation_id, tool: 'shell', arguments: { command: 'git status' }, dangerous: true, duration_ms: expect.any(Number) });
  });

  it('records unattended refusals, trusted runs, timeouts and calls allowed by an answer elsewhere', async () => {
    const entries: AuditEntry[] = [];
    // The confirmation's expiry fires when the test says so, not after five minutes.
    const expiries: Array<() => void> = [];
    const timers = { setTimeout: (callback: () => void) => expiries.push(callback), clearTimeout: () => undefined };
    const k = await setUp(
      [shellStep('ls'), reply('no'), shellStep('pwd', 'sh2'), reply('yes'), shellStep('whoami', 'sh3'), reply('late'), shellStep('git push origin a', 'sh4'), shellStep('git push origin b', 'sh5'), reply('a'), reply('b')],
      [],
      { audit: { record: (entry) => entries.push(entry) }, broker: { timers } },
    );
    await k.run({ message: 'a', attendance: 'deny' });
    await k.run({ message: 'b', approvalMode: 'trusted' });
    await k.run({ message: 'c' }, (event) => {
      if (event.type === 'confirm_required') expiries.at(-1)!();
    });
    const turns = [k.run({ message: 'd' })];
    await nextConfirmation(k, 1);
    turns.push(k.run({ message: 'e' }));
    const [first] = await nextConfirmation(k, 2);
    await answerConfirmation({ broker: k.broker, saveRule: async () => undefined }, first!, { decision: 'always_allow', scope: 'prefix', where: 'everywhere', surface: 'window' });
    await Promise.all(turns);
    expect(entries.map((entry) => [entry.decision, entry.decided_by])).toEqual([
      ['denied', { kind: 'unattended' }],
      ['allowed', { kind: 'mode', mode: 'trusted' }],
      ['denied', { kind: 'timeout' }],
      ['allowed', { kind: 'person', surface: 'window' }],
      ['allowed', { kind: 'always_allow', surface: 'window', rule: 'commands starting with `git push`' }],
    ]);
  });
});
