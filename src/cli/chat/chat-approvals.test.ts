// The chat's approvals: --mode and /mode (trusted always warns), and "always allow" offering its scopes in words.
import { describe, expect, it } from 'vitest';
import type { AlwaysAllowOption } from '../../shared';
import type { TerminalAnswer } from '../../main/engine';
import { startChatSession } from './chat-session-driver';
import { FakeChatEngine, confirmingTurn, doneEvent, scriptedEvents } from './fake-chat-engine';
import { TRUSTED_WARNING } from './approval-mode-text';

const startSession = startChatSession;

const OPTIONS: AlwaysAllowOption[] = [
  { scope: 'exact', label: 'this exact command `git push origin main`', rule: { tool: 'shell', match: 'git push origin main' } },
  { scope: 'prefix', label: 'commands starting with `git push`', rule: { tool: 'shell', match: 'git push' } },
  { scope: 'tool', label: 'every shell command', rule: { tool: 'shell' } },
];

describe('harombe chat: approval modes', () => {
  it('--mode sends the mode with every turn and shows it; trusted prints its warning at the start', async () => {
    const engine = new FakeChatEngine([scriptedEvents(doneEvent('one')), scriptedEvents(doneEvent('two'))]);
    const { session, output, prompt } = startSession(engine, { approvalMode: 'trusted' });
    await prompt('a\n');
    await prompt('b\n');
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain(TRUSTED_WARNING);
    expect(engine.inputs.map((input) => input.approvalMode)).toEqual(['trusted', 'trusted']);
  });

  it('/mode switches the mode for the next turns, warns on trusted, and refuses an unknown one', async () => {
    const engine = new FakeChatEngine([scriptedEvents(doneEvent('one')), scriptedEvents(doneEvent('two')), scriptedEvents(doneEvent('three'))]);
    const { session, output, prompt } = startSession(engine);
    await prompt('a\n');
    await prompt('/mode rules-only\n');
    await prompt('b\n');
    await prompt('/mode sometimes\n');
    await prompt('/mode trusted\n');
    await prompt('c\n');
    await prompt('/exit\n');
    await session;
    expect(engine.inputs.map((input) => input.approvalMode)).toEqual([undefined, 'rules_only', 'trusted']);
    const text = output.text();
    expect(text).toContain('approval mode: rules_only');
    expect(text).toContain('unknown mode "sometimes"');
    expect(text.indexOf(TRUSTED_WARNING)).toBeGreaterThan(text.indexOf('/mode trusted'));
  });

  it('warns when it resumes a conversation left in trusted mode', async () => {
    const saved = { id: 'conv-7', title: 'Trusted', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z', messages: [], always_allow: [], approval_mode: 'trusted' as const };
    const engine = new FakeChatEngine([], [saved]);
    const { session, output, prompt } = startSession(engine, { conversationId: 'conv-7' });
    await prompt('/exit\n');
    await session;
    expect(output.text()).toContain(TRUSTED_WARNING);
  });
});

describe('harombe chat: "always allow" scopes', () => {
  it('says why it asks, offers the scopes in words, and answers with the one picked and where', async () => {
    const engine = new FakeChatEngine([
      confirmingTurn('git push origin main', { asked_because: 'shell is dangerous and no rule in tools.approvals allows `git push origin main`', always_allow_options: OPTIONS }),
    ]);
    const answers: TerminalAnswer[] = [];
    engine.answerConfirmation = async (id, answer) => {
      answers.push(answer);
      return engine.broker.answer(id, answer.decision);
    };
    const { session, output, prompt, answer } = startSession(engine);
    await prompt('push\n');
    await answer('a\n');
    await answer('2\n');
    await answer('e\n');
    await prompt('/exit\n');
    await session;
    expect(answers).toEqual([{ decision: 'always_allow', scope: 'prefix', where: 'everywhere' }]);
    const text = output.text();
    expect(text).toContain('asked because shell is dangerous and no rule in tools.approvals allows `git push origin main`');
    expect(text).toContain('1  this exact command `git push origin main`');
    expect(text).toContain('2  commands starting with `git push`');
    expect(text).toContain('3  every shell command');
    expect(text).toContain('allowed without asking from now on, everywhere: commands starting with `git push` (saved to harombe.yaml)');
  });

  it('Enter picks the narrowest scope, kept in this conversation', async () => {
    const engine = new FakeChatEngine([confirmingTurn('git push origin main', { always_allow_options: OPTIONS })]);
    const answers: TerminalAnswer[] = [];
    engine.answerConfirmation = async (id, answer) => {
      answers.push(answer);
      return engine.broker.answer(id, answer.decision);
    };
    const { session, prompt, answer } = startSession(engine);
    await prompt('push\n');
    await answer('a\n');
    await answer('\n');
    await answer('\n');
    await prompt('/exit\n');
    await session;
    expect(answers).toEqual([{ decision: 'always_allow', scope: 'exact', where: 'conversation' }]);
  });

  it('a call with no scope to offer is allowed once, and says why', async () => {
    const engine = new FakeChatEngine([confirmingTurn('rm -rf build; ls', { always_allow_options: [] })]);
    const answers: TerminalAnswer[] = [];
    engine.answerConfirmation = async (id, answer) => {
      answers.push(answer);
      return engine.broker.answer(id, answer.decision);
    };
    const { session, output, prompt, answer } = startSession(engine);
    await prompt('clean\n');
    await answer('a\n');
    await prompt('/exit\n');
    await session;
    expect(answers).toEqual([{ decision: 'allow_once' }]);
    expect(output.text()).toContain('cannot be always allowed');
  });
});
