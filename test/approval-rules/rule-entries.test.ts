// tools.approvals as `harombe approvals` and the rules API list them: ids that stay put, labels, and each rule's own problem.
import { describe, expect, it } from 'vitest';
import type { ApprovalRule } from '../../src/shared';
import { approvalRuleEntries, approvalRuleIds, sameApprovalRule } from '../../src/main/tools/approval-rules/rule-entries';

const STATUS: ApprovalRule = { tool: 'shell', match: 'git status', decision: 'allow' };
const QUERY: ApprovalRule = { tool: 'db__query', args: { sql: 'select*', limit: '10' }, decision: 'allow' };

describe('approval rule ids', () => {
  it('are the same from one release to the next (a person removes a rule by the id they listed)', () => {
    expect(approvalRuleIds([STATUS, QUERY, { tool: 'web_search', decision: 'deny' }, { ...STATUS, exact: true }])).toEqual(['e88e5d4553', '7c6fdb04ae', '7ad01f65e1', '24e3316fde']);
  });

  it('stay put when a rule is added before, and repeats of one rule are told apart by -2, -3', () => {
    const [status] = approvalRuleIds([STATUS]);
    expect(approvalRuleIds([{ tool: 'ls', decision: 'allow' }, STATUS, STATUS, { ...STATUS }])).toEqual([expect.any(String), status, `${status}-2`, `${status}-3`]);
  });

  it('differ in every part a rule says: tool, match, args, decision and exact', () => {
    const ids = approvalRuleIds([
      STATUS,
      { ...STATUS, tool: 'shell2' },
      { ...STATUS, match: 'git diff' },
      { tool: 'shell', decision: 'allow' },
      { ...STATUS, decision: 'deny' },
      { ...STATUS, exact: true },
      QUERY,
      { ...QUERY, args: { sql: 'select*', limit: '11' } },
    ]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('do not change with the order args are written in or an `exact: false`', () => {
    expect(sameApprovalRule(QUERY, { tool: 'db__query', args: { limit: '10', sql: 'select*' }, decision: 'allow' })).toBe(true);
    expect(sameApprovalRule(STATUS, { ...STATUS, exact: false })).toBe(true);
    expect(sameApprovalRule(STATUS, { ...STATUS, exact: true })).toBe(false);
    expect(sameApprovalRule(STATUS, { ...STATUS, decision: 'ask' })).toBe(false);
  });
});

describe('approval rule entries', () => {
  it('list each rule with its id, index and label, and a problem only on the rule that has it', async () => {
    const rules: ApprovalRule[] = [STATUS, { tool: 'write_file', match: 'notes/**', exact: true, decision: 'allow' }, STATUS];
    const ids = approvalRuleIds(rules);
    expect(await approvalRuleEntries(rules)).toEqual([
      { ...STATUS, id: ids[0], index: 0, label: 'tools.approvals[0] (shell `git status`: allow)' },
      {
        ...rules[1],
        id: ids[1],
        index: 1,
        label: 'tools.approvals[1] (write_file `notes/**` exactly: allow)',
        problem:
          'tools.approvals[1] (write_file `notes/**` exactly: allow) is left out: exact is read only on a shell rule with a match (the command it names exactly).',
      },
      { ...STATUS, id: ids[2], index: 2, label: 'tools.approvals[2] (shell `git status`: allow)' },
    ]);
  });
});
