// A person's answer to a waiting call as the broker receives it: who answered, which rule "always allow" keeps, and the refusals' words.
import { describe, expect, it } from 'vitest';
import type { AlwaysAllowOption, ApprovalRule, PendingConfirmation } from '../../shared';
import { answerConfirmation, ApprovalAnswerError } from './approval-answers';
import type { AnswerDetails, ConfirmationBroker, Grant } from './contracts';

const EXACT: AlwaysAllowOption = { scope: 'exact', label: 'this exact command `git push origin main`', rule: { tool: 'shell', match: 'git push origin main', exact: true } };
const PREFIX: AlwaysAllowOption = { scope: 'prefix', label: 'commands starting with `git push`', rule: { tool: 'shell', match: 'git push' } };
const TOOL: AlwaysAllowOption = { scope: 'tool', label: 'every shell command', rule: { tool: 'shell' } };

function waiting(options: AlwaysAllowOption[] | undefined, id = 'c1'): PendingConfirmation {
  return {
    confirmation_id: id,
    conversation_id: 'conv',
    tool_call: { id: 't1', name: 'shell', arguments: { command: 'git push origin main' } },
    description: 'shell `git push origin main`',
    created_at: '2026-12-02T10:00:00.000Z',
    expires_at: '2026-12-02T10:05:00.000Z',
    ...(options ? { always_allow_options: options } : {}),
  };
}

/** A broker holding the given confirmations, recording each answer; `accepts` false: it was settled meanwhile. */
function brokerWith(pending: PendingConfirmation[], { accepts = true, covered = [] as string[], settles = true } = {}) {
  const answers: Array<{ id: string; decision: string; details?: AnswerDetails }> = [];
  const settled: Array<{ grant: Grant; surface: unknown }> = [];
  const broker: ConfirmationBroker = {
    pending: () => pending,
    answer: (id, decision, details) => {
      answers.push({ id, decision, ...(details ? { details } : {}) });
      return accepts;
    },
    onDidChange: () => ({ dispose: () => undefined }),
    ...(settles
      ? {
          settleCovered: async (grant: Grant, surface: unknown) => {
            settled.push({ grant, surface });
            return covered;
          },
        }
      : {}),
  };
  return { broker, answers, settled };
}

describe('answerConfirmation', () => {
  it('passes allow once and deny on with who answered (the API when no surface is named)', async () => {
    const { broker, answers } = brokerWith([waiting([EXACT])]);
    expect(await answerConfirmation({ broker }, 'c1', { decision: 'allow_once', surface: 'cli' })).toEqual({ confirmation_id: 'c1', decision: 'allow_once' });
    expect(await answerConfirmation({ broker }, 'c1', { decision: 'deny' })).toEqual({ confirmation_id: 'c1', decision: 'deny' });
    expect(answers).toEqual([
      { id: 'c1', decision: 'allow_once', details: { surface: 'cli' } },
      { id: 'c1', decision: 'deny', details: { surface: 'api' } },
    ]);
  });

  it('answers nothing for a call no longer waiting, or one settled while the answer was on its way', async () => {
    const gone = brokerWith([waiting([EXACT], 'other')]);
    expect(await answerConfirmation({ broker: gone.broker }, 'c1', { decision: 'allow_once' })).toBeUndefined();
    expect(await answerConfirmation({ broker: gone.broker }, 'c1', { decision: 'always_allow' })).toBeUndefined();
    expect(gone.answers).toEqual([]);
    const raced = brokerWith([waiting([EXACT])], { accepts: false });
    expect(await answerConfirmation({ broker: raced.broker }, 'c1', { decision: 'deny' })).toBeUndefined();
    expect(await answerConfirmation({ broker: raced.broker }, 'c1', { decision: 'always_allow' })).toBeUndefined();
    expect(raced.settled).toEqual([]);
  });

  it('"always allow" with no scope keeps the narrowest in this conversation, and settles nothing else when nothing else is covered', async () => {
    const { broker, answers, settled } = brokerWith([waiting([EXACT, PREFIX, TOOL])]);
    expect(await answerConfirmation({ broker }, 'c1', { decision: 'always_allow', surface: 'window' })).toEqual({
      confirmation_id: 'c1',
      decision: 'always_allow',
      rule: EXACT.rule,
      where: 'conversation',
    });
    const grant: Grant = { rule: EXACT.rule, where: 'conversation', label: EXACT.label, conversationId: 'conv' };
    expect(answers).toEqual([{ id: 'c1', decision: 'always_allow', details: { surface: 'window', grant } }]);
    expect(settled).toEqual([{ grant, surface: 'window' }]);
  });

  it('"always allow" a chosen scope everywhere saves its allow rule first and lists the other calls it settled', async () => {
    const saved: ApprovalRule[] = [];
    const { broker, answers } = brokerWith([waiting([EXACT, PREFIX, TOOL])], { covered: ['c2', 'c3'] });
    const answered = await answerConfirmation({ broker, saveRule: async (rule) => void saved.push(rule) }, 'c1', { decision: 'always_allow', scope: 'prefix', where: 'everywhere' });
    expect(saved).toEqual([{ tool: 'shell', match: 'git push', decision: 'allow' }]);
    expect(answered).toEqual({ confirmation_id: 'c1', decision: 'always_allow', rule: PREFIX.rule, where: 'everywhere', also_settled: ['c2', 'c3'] });
    expect(answers[0]?.details).toEqual({ surface: 'api', grant: { rule: PREFIX.rule, where: 'everywhere', label: PREFIX.label, conversationId: 'conv' } });
  });

  it('works with a broker that cannot settle other calls', async () => {
    const { broker } = brokerWith([waiting([TOOL])], { settles: false });
    expect(await answerConfirmation({ broker }, 'c1', { decision: 'always_allow' })).toEqual({ confirmation_id: 'c1', decision: 'always_allow', rule: TOOL.rule, where: 'conversation' });
  });

  it.each([
    [
      'a scope not offered',
      [EXACT],
      'tool',
      'shell `git push origin main` does not offer the scope "tool"',
      'Choose one of its always_allow_options: exact.',
    ],
    [
      'a scope when none is offered',
      [],
      'exact',
      'shell `git push origin main` cannot be always allowed: only a rule naming it exactly may allow it, and none can be made from this call',
      'Answer allow_once or deny.',
    ],
    [
      'no scope when none is offered',
      undefined,
      undefined,
      'shell `git push origin main` cannot be always allowed: only a rule naming it exactly may allow it, and none can be made from this call',
      'Answer allow_once or deny.',
    ],
  ] as const)('refuses "always allow" with %s, saying what to send instead, and leaves the call waiting', async (_case, options, scope, message, hint) => {
    const { broker, answers } = brokerWith([waiting(options ? [...options] : undefined)]);
    const answering = answerConfirmation({ broker }, 'c1', { decision: 'always_allow', ...(scope ? { scope } : {}) });
    await expect(answering).rejects.toThrow(ApprovalAnswerError);
    await expect(answering).rejects.toMatchObject({ name: 'ApprovalAnswerError', message, hint });
    expect(answers).toEqual([]);
  });

  it('names every offered scope when the one asked for is not among them', async () => {
    const { broker } = brokerWith([waiting([EXACT, PREFIX, TOOL].filter((option) => option.scope !== 'prefix'))]);
    await expect(answerConfirmation({ broker }, 'c1', { decision: 'always_allow', scope: 'prefix' })).rejects.toMatchObject({
      hint: 'Choose one of its always_allow_options: exact, tool.',
    });
  });

  it('refuses "everywhere" where rules cannot be saved, leaving the call waiting', async () => {
    const { broker, answers } = brokerWith([waiting([EXACT])]);
    await expect(answerConfirmation({ broker }, 'c1', { decision: 'always_allow', where: 'everywhere' })).rejects.toMatchObject({
      message: 'Rules cannot be saved from here',
      hint: 'Answer with where: "conversation", or add the rule with `harombe approvals add`.',
    });
    expect(answers).toEqual([]);
  });

  it('leaves the call waiting when the rule cannot be saved', async () => {
    const { broker, answers } = brokerWith([waiting([EXACT])]);
    const saveRule = async () => {
      throw new Error('harombe.yaml is read-only');
    };
    await expect(answerConfirmation({ broker, saveRule }, 'c1', { decision: 'always_allow', where: 'everywhere' })).rejects.toThrow('harombe.yaml is read-only');
    expect(answers).toEqual([]);
  });
});
