// Whether a tool call runs, waits for a person or is refused, as a table: each row one situation a person may be in.
import { describe, expect, it } from 'vitest';
import { approvalVerdict, type ApprovalPolicy, type ApprovalVerdict, type RuledCall } from './approval-policy';

const unruled = { decision: 'ask', byRule: false, alwaysAsked: false } as const;
const shell: RuledCall = { name: 'shell', dangerous: true, reason: 'no rule in tools.approvals allows `git push`', ...unruled };
const readFile: RuledCall = { name: 'read_file', dangerous: false, reason: 'no rule in tools.approvals allows read_file on a.md', ...unruled };
const rmRf: RuledCall = { ...shell, reason: '`rm -rf build` is on the always-ask list (rm -r / rm -f)', alwaysAsked: true };
const ruleAllows: RuledCall = { ...shell, decision: 'allow', byRule: true, decider: { kind: 'rule', rule: 'tools.approvals[0] (shell `git push`: allow)' } };
const ruleDenies: RuledCall = { ...shell, decision: 'deny', byRule: true, reason: 'denied by tools.approvals[0]' };
const ruleAsks: RuledCall = { ...shell, decision: 'ask', byRule: true, reason: 'asked by tools.approvals[2] (shell `git push`: ask): `git push`' };
const granted: RuledCall = { ...shell, decision: 'allow', byRule: true, byGrant: true, decider: { kind: 'always_allow', rule: 'shell' } };
const ask: ApprovalPolicy = { mode: 'ask', attendance: 'ask', confirmDangerous: true };

describe('approvalVerdict', () => {
  it.each<[string, RuledCall, ApprovalPolicy, ApprovalVerdict]>([
    ['a safe tool runs, even where nobody can be asked', readFile, { ...ask, attendance: 'deny' }, 'run'],
    ['a dangerous tool waits for the person at the terminal or window', shell, ask, 'ask'],
    ['a dangerous tool runs without asking under --yes', shell, { ...ask, attendance: 'allow' }, 'run'],
    ['a dangerous tool runs without asking when confirm_dangerous is off', shell, { ...ask, confirmDangerous: false }, 'run'],
    ['a dangerous tool is refused where nobody can be asked', shell, { ...ask, attendance: 'deny' }, 'refuse'],
    ['"always allow" given by a person does not carry over to an unattended run', granted, { ...ask, attendance: 'deny' }, 'refuse'],
    ['"always allow" in this conversation: it runs', granted, ask, 'run'],
    ['a rule allows a dangerous call, even unattended', ruleAllows, { ...ask, attendance: 'deny' }, 'run'],
    ['an ask rule asks even with confirm_dangerous off', ruleAsks, { ...ask, confirmDangerous: false }, 'ask'],
    // Modes
    ['rules-only: a safe tool no rule allows is asked', readFile, { ...ask, mode: 'rules_only' }, 'ask'],
    ['rules-only: a rule-allowed call runs', ruleAllows, { ...ask, mode: 'rules_only' }, 'run'],
    ['rules-only: confirm_dangerous off does not let an unruled dangerous call through', shell, { ...ask, mode: 'rules_only', confirmDangerous: false }, 'ask'],
    ['rules-only, unattended: an unruled call is refused', readFile, { ...ask, mode: 'rules_only', attendance: 'deny' }, 'refuse'],
    ['trusted: an unruled dangerous call runs', shell, { ...ask, mode: 'trusted' }, 'run'],
    ['trusted: an always-asked command runs', rmRf, { ...ask, mode: 'trusted' }, 'run'],
    ['trusted: a deny rule still refuses', ruleDenies, { ...ask, mode: 'trusted' }, 'refuse'],
    ['ask: a deny rule refuses', ruleDenies, ask, 'refuse'],
    ['ask: an always-asked command is asked', rmRf, ask, 'ask'],
    ['a safe tool "always allowed" in this conversation still runs unattended, as any safe tool does', { ...readFile, decision: 'allow', byRule: true, byGrant: true }, { ...ask, attendance: 'deny' }, 'run'],
  ])('%s', (_situation, call, policy, verdict) => {
    expect(approvalVerdict(call, policy).verdict).toBe(verdict);
  });

  it('says why a person is asked, in words', () => {
    expect(approvalVerdict(shell, ask).askedBecause).toBe('shell is dangerous and no rule in tools.approvals allows `git push`');
    expect(approvalVerdict(rmRf, ask).askedBecause).toBe('`rm -rf build` is on the always-ask list (rm -r / rm -f)');
    expect(approvalVerdict(ruleAsks, ask).askedBecause).toBe('asked by tools.approvals[2] (shell `git push`: ask): `git push`');
    expect(approvalVerdict(readFile, { ...ask, mode: 'rules_only' }).askedBecause).toBe(
      'this conversation is in rules-only mode and no rule in tools.approvals allows read_file on a.md',
    );
  });

  it('names who decided, for the audit log', () => {
    expect(approvalVerdict(shell, { ...ask, mode: 'trusted' }).decidedBy).toEqual({ kind: 'mode', mode: 'trusted' });
    expect(approvalVerdict(ruleAllows, ask).decidedBy).toEqual({ kind: 'rule', rule: 'tools.approvals[0] (shell `git push`: allow)' });
    expect(approvalVerdict(shell, { ...ask, confirmDangerous: false }).decidedBy).toEqual({ kind: 'config' });
    expect(approvalVerdict(shell, { ...ask, attendance: 'deny' }).decidedBy).toEqual({ kind: 'unattended' });
    // `harombe chat --yes`: the person at the CLI approved ahead.
    expect(approvalVerdict(shell, { ...ask, attendance: 'allow' }).decidedBy).toEqual({ kind: 'person', surface: 'cli' });
    expect(approvalVerdict(readFile, ask).decidedBy).toEqual({ kind: 'mode', mode: 'ask' });
    expect(approvalVerdict(shell, ask).decidedBy).toEqual({ kind: 'person' });
    // A rule decided without a label (never from tools.approvals, which always names its rule): still "a rule".
    const { decider: _allowLabel, ...unlabelledAllow } = ruleAllows;
    expect(approvalVerdict(unlabelledAllow, ask).decidedBy).toEqual({ kind: 'rule' });
    expect(approvalVerdict(ruleDenies, ask).decidedBy).toEqual({ kind: 'rule' });
  });
});
