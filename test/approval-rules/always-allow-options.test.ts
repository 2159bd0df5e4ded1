// "Always allow" scopes: each offered rule allows the very call it was offered for, and the exact one no other call.
import { describe, expect, it } from 'vitest';
import { alwaysAllowOptions, compileApprovalRules, evaluateApproval } from '../../src/main/tools/approval-rules';

async function decides(rule: { tool: string; match?: string; args?: Record<string, string> }, call: { name: string; arguments: unknown }) {
  return (await evaluateApproval(call, await compileApprovalRules([{ ...rule, decision: 'allow' }]))).decision;
}

const CALLS = [
  { name: 'shell', arguments: { command: 'git push origin main' } },
  { name: 'shell', arguments: { command: "FOO=1 npm run 'build all'" } },
  { name: 'write_file', arguments: { path: 'notes/[draft] *.md', content: 'x' } },
  { name: 'read_file', arguments: { path: 'README.md' } },
  { name: 'fs__read_file', arguments: { path: 'docs/{a,b}.md' } },
  { name: 'db__query', arguments: { sql: 'select * from t', limit: 10 } },
];

describe('always-allow options', () => {
  it.each(CALLS)('every scope offered for %j allows that call', async (call) => {
    const options = await alwaysAllowOptions(call, false);
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) expect(await decides(option.rule, call)).toBe('allow');
  });

  it('the exact scope matches what was asked literally, not as a pattern', async () => {
    const [exactPath] = await alwaysAllowOptions(CALLS[2]!, false);
    expect(await decides(exactPath!.rule, { name: 'write_file', arguments: { path: 'notes/d anything.md' } })).toBe('ask');
    const [exactArgs] = await alwaysAllowOptions(CALLS[5]!, false);
    expect(await decides(exactArgs!.rule, { name: 'db__query', arguments: { sql: 'select password from users', limit: 10 } })).toBe('ask');
    const [exactCommand] = await alwaysAllowOptions(CALLS[0]!, false);
    expect(await decides(exactCommand!.rule, { name: 'shell', arguments: { command: 'git push origin dev' } })).toBe('ask');
  });

  it('offers only the exact command for an always-asked one, and it allows just that', async () => {
    const call = { name: 'shell', arguments: { command: 'rm -rf build' } };
    const options = await alwaysAllowOptions(call, true);
    expect(options.map((option) => option.scope)).toEqual(['exact']);
    expect(await decides(options[0]!.rule, call)).toBe('allow');
    expect(await decides(options[0]!.rule, { name: 'shell', arguments: { command: 'rm -rf build ~' } })).toBe('ask');
  });

  it('offers only the whole tool for a compound command, and nothing for an always-asked compound one', async () => {
    expect((await alwaysAllowOptions({ name: 'shell', arguments: { command: 'ls && pwd' } }, false)).map((option) => option.scope)).toEqual(['tool']);
    expect(await alwaysAllowOptions({ name: 'shell', arguments: { command: 'ls; rm -rf ~' } }, true)).toEqual([]);
  });
});
