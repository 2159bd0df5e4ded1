// Whether a tool call runs, waits for a person or is refused, as a table: each row one situation a person may be in.
import { describe, expect, it } from 'vitest';
import { approvalVerdict, type ApprovalPolicy, type ApprovalVerdict } from './approval-policy';

const shell = { name: 'shell', dangerous: true };
const readFile = { name: 'read_file', dangerous: false };
const ask: ApprovalPolicy = { mode: 'ask', confirmDangerous: true, alwaysAllow: [] };

describe('approvalVerdict', () => {
  it.each<[string, { name: string; dangerous: boolean }, ApprovalPolicy, ApprovalVerdict]>([
    ['a safe tool runs, even where nobody can be asked', readFile, { ...ask, mode: 'deny' }, 'run'],
    ['a dangerous tool waits for the person at the terminal or window', shell, ask, 'ask'],
    ['a dangerous tool runs without asking under --yes', shell, { ...ask, mode: 'allow' }, 'run'],
    ['a dangerous tool runs without asking when confirm_dangerous is off', shell, { ...ask, confirmDangerous: false }, 'run'],
    ['a dangerous tool is refused where nobody can be asked', shell, { ...ask, mode: 'deny' }, 'refuse'],
    ['"always allow" given by a person does not carry over to an unattended run', shell, { ...ask, mode: 'deny', alwaysAllow: ['shell'] }, 'refuse'],
    ['"always allow" for this tool in this conversation: it runs', shell, { ...ask, alwaysAllow: ['shell'] }, 'run'],
    ['"always allow" for another tool still asks for this one', shell, { ...ask, alwaysAllow: ['write_file'] }, 'ask'],
  ])('%s', (_situation, call, policy, verdict) => {
    expect(approvalVerdict(call, policy)).toBe(verdict);
  });
});
