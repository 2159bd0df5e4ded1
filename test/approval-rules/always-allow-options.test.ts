// "Always allow" scopes: each offered rule allows the very call it was offered for, and the exact one no other call.
import { describe, expect, it } from 'vitest';
import type { AlwaysAllowOption } from '../../src/shared';
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

/** Each call with the scopes a person is offered for it, in order: the words they read and the rule each would add. */
const OFFERED: [call: { name: string; arguments: unknown }, alwaysAsked: boolean, options: AlwaysAllowOption[]][] = [
  [{"name": "write_file", "arguments": {"path": "notes/[draft] *.md"}}, false, [{ scope: 'exact', label: "this path `notes/[draft] *.md`", rule: {"tool": "write_file", "match": "notes/\\[draft\\] \\*.md"} }, { scope: 'prefix', label: "paths under `notes/`", rule: {"tool": "write_file", "match": "notes/**"} }, { scope: 'tool', label: "every write_file call", rule: {"tool": "write_file"} }]],
  [{"name": "write_file", "arguments": {"path": "README.md"}}, false, [{ scope: 'exact', label: "this path `README.md`", rule: {"tool": "write_file", "match": "README.md"} }, { scope: 'tool', label: "every write_file call", rule: {"tool": "write_file"} }]],
  [{"name": "write_file", "arguments": {"path": "/etc/passwd"}}, false, [{ scope: 'tool', label: "every write_file call", rule: {"tool": "write_file"} }]],
  [{"name": "list_directory", "arguments": {}}, false, [{ scope: 'exact', label: "this path `.`", rule: {"tool": "list_directory", "match": "."} }, { scope: 'tool', label: "every list_directory call", rule: {"tool": "list_directory"} }]],
  [{"name": "read_file", "arguments": {"path": "./a/b/c.txt"}}, false, [{ scope: 'exact', label: "this path `a/b/c.txt`", rule: {"tool": "read_file", "match": "a/b/c.txt"} }, { scope: 'prefix', label: "paths under `a/b/`", rule: {"tool": "read_file", "match": "a/b/**"} }, { scope: 'tool', label: "every read_file call", rule: {"tool": "read_file"} }]],
  [{"name": "db__query", "arguments": {"sql": "select * from t", "limit": 10}}, false, [{ scope: 'exact', label: "these exact arguments of db__query", rule: {"tool": "db__query", "args": {"sql": "select \\* from t", "limit": "10"}} }, { scope: 'tool', label: "every db__query call", rule: {"tool": "db__query"} }]],
  [{"name": "db__query", "arguments": {}}, false, [{ scope: 'tool', label: "every db__query call", rule: {"tool": "db__query"} }]],
  [{"name": "db__query", "arguments": "x"}, false, [{ scope: 'tool', label: "every db__query call", rule: {"tool": "db__query"} }]],
  [{"name": "shell", "arguments": {"command": "  FOO=1 npm run build  "}}, false, [{ scope: 'exact', label: "this exact command `FOO=1 npm run build`", rule: {"tool": "shell", "match": "FOO=1 npm run build", "exact": true} }, { scope: 'prefix', label: "commands starting with `FOO=1 npm run`", rule: {"tool": "shell", "match": "FOO=1 npm run"} }, { scope: 'tool', label: "every shell command", rule: {"tool": "shell"} }]],
  [{"name": "shell", "arguments": {"command": "ls"}}, false, [{ scope: 'exact', label: "this exact command `ls`", rule: {"tool": "shell", "match": "ls", "exact": true} }, { scope: 'tool', label: "every shell command", rule: {"tool": "shell"} }]],
  [{"name": "shell", "arguments": {"command": "ls -la"}}, false, [{ scope: 'exact', label: "this exact command `ls -la`", rule: {"tool": "shell", "match": "ls -la", "exact": true} }, { scope: 'prefix', label: "commands starting with `ls`", rule: {"tool": "shell", "match": "ls"} }, { scope: 'tool', label: "every shell command", rule: {"tool": "shell"} }]],
  [{"name": "shell", "arguments": {"command": "git Push x"}}, false, [{ scope: 'exact', label: "this exact command `git Push x`", rule: {"tool": "shell", "match": "git Push x", "exact": true} }, { scope: 'prefix', label: "commands starting with `git`", rule: {"tool": "shell", "match": "git"} }, { scope: 'tool', label: "every shell command", rule: {"tool": "shell"} }]],
  [{"name": "shell", "arguments": {"command": "make build-all x"}}, false, [{ scope: 'exact', label: "this exact command `make build-all x`", rule: {"tool": "shell", "match": "make build-all x", "exact": true} }, { scope: 'prefix', label: "commands starting with `make build-all`", rule: {"tool": "shell", "match": "make build-all"} }, { scope: 'tool', label: "every shell command", rule: {"tool": "shell"} }]],
  [{"name": "shell", "arguments": {"command": "xargs rm"}}, false, [{ scope: 'exact', label: "this exact command `xargs rm`", rule: {"tool": "shell", "match": "xargs rm", "exact": true} }]],
  [{"name": "shell", "arguments": {"command": "ls > x"}}, false, [{ scope: 'tool', label: "every shell command", rule: {"tool": "shell"} }]],
  [{"name": "shell", "arguments": {"command": "echo 'x"}}, false, [{ scope: 'tool', label: "every shell command", rule: {"tool": "shell"} }]],
  [{"name": "shell", "arguments": {"command": "rm -rf build"}}, true, [{ scope: 'exact', label: "this exact command `rm -rf build`", rule: {"tool": "shell", "match": "rm -rf build", "exact": true} }]],
  [{"name": "shell", "arguments": {}}, false, [{ scope: 'tool', label: "every shell command", rule: {"tool": "shell"} }]],
];

describe('always-allow options offered', () => {
  it.each(OFFERED)('%j (always asked: %s)', async (call, alwaysAsked, options) => {
    expect(await alwaysAllowOptions(call, alwaysAsked)).toEqual(options);
  });
});
