// tools.approvals in harombe.yaml: rules load with their defaults, a wrong decision is refused, and a match that is not one plain command is reported.
import { describe, expect, it } from 'vitest';
import { harombeConfigSchema } from '../../src/shared';
import { compileApprovalRules } from '../../src/main/tools/approval-rules';

describe('tools.approvals', () => {
  it('is empty by default and keeps the rules as written', () => {
    expect(harombeConfigSchema.parse({}).tools.approvals).toEqual([]);
    const config = harombeConfigSchema.parse({ tools: { approvals: [{ tool: 'shell', match: 'git status', decision: 'allow' }] } });
    expect(config.tools.approvals).toEqual([{ tool: 'shell', match: 'git status', decision: 'allow' }]);
  });

  it('refuses a decision other than allow, ask or deny', () => {
    const result = harombeConfigSchema.safeParse({ tools: { approvals: [{ tool: 'shell', match: 'ls', decision: 'yes' }] } });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('allow');
  });

  it('leaves out a shell rule whose match is not one plain command, saying which and why', async () => {
    const { rules, problems } = await compileApprovalRules([
      { tool: 'shell', match: 'ls && rm', decision: 'allow' },
      { tool: 'shell', match: 'git status', decision: 'allow' },
      { tool: 'web_search', match: 'cats', decision: 'deny' },
    ]);
    expect(rules.map((rule) => rule.index)).toEqual([1]);
    expect(problems[0]).toContain('tools.approvals[0]');
    expect(problems[0]).toContain('one plain command');
    expect(problems[1]).toContain('remove match');
  });

  it('leaves out exact where it means nothing: on a file tool, or on a shell rule without a command', async () => {
    const { rules, problems } = await compileApprovalRules([
      { tool: 'write_file', match: 'notes/**', exact: true, decision: 'allow' },
      { tool: 'shell', exact: true, decision: 'allow' },
      { tool: 'shell', match: 'git status', exact: true, decision: 'allow' },
    ]);
    expect(rules.map((rule) => rule.index)).toEqual([2]);
    expect(problems).toEqual([
      'tools.approvals[0] (write_file `notes/**` exactly: allow) is left out: exact is read only on a shell rule with a match (the command it names exactly).',
      'tools.approvals[1] (shell: allow) is left out: exact is read only on a shell rule with a match (the command it names exactly).',
    ]);
  });
});
