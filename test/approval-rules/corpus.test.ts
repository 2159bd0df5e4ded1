// Runs the approval rules corpus (corpus.ts and *-corpus.ts): each command or path must get exactly the decision written beside it.
import { describe, expect, it } from 'vitest';
import { compileApprovalRules, evaluateApproval } from '../../src/main/tools/approval-rules';
import { BROAD_SHELL_CASES } from './broad-shell-corpus';
import { BROAD_RULES, resolveCorpusPath, RULES } from './corpus';
import { FILE_CASES } from './file-corpus';
import { MCP_ARGS_CASES, MCP_RULES, UNREADABLE_ARGS_RULES } from './mcp-args-corpus';
import { SHELL_CASES } from './shell-corpus';

const rules = await compileApprovalRules(RULES);
const broad = await compileApprovalRules(BROAD_RULES);
const mcp = await compileApprovalRules(MCP_RULES);

const resolvePath = resolveCorpusPath;

describe('the approval rules corpus', () => {
  it('has at least 200 cases and every rule reads', () => {
    expect(SHELL_CASES.length + BROAD_SHELL_CASES.length + FILE_CASES.length).toBeGreaterThanOrEqual(200);
    expect(rules.problems).toEqual([]);
    expect(broad.problems).toEqual([]);
    expect(mcp.problems).toEqual([]);
  });

  it.each(MCP_ARGS_CASES)('%s %j → %s', async (tool, args, expected) => {
    const decision = await evaluateApproval({ name: tool, arguments: args }, mcp);
    expect({ decision: decision.decision, reason: decision.reason }).toMatchObject({ decision: expected });
  });

  it('leaves out args rules it cannot read (shell, file tools, beside match, *), saying why', async () => {
    const compiled = await compileApprovalRules(UNREADABLE_ARGS_RULES);
    expect(compiled.rules).toEqual([]);
    expect(compiled.problems).toHaveLength(UNREADABLE_ARGS_RULES.length);
    expect(compiled.problems[0]).toContain('shell is ruled by match (a command or a path glob), not args');
    expect(compiled.problems[2]).toContain('give args or match, not both');
  });

  it.each(SHELL_CASES)('shell %j → %s', async (command, expected) => {
    const decision = await evaluateApproval({ name: 'shell', arguments: { command } }, rules);
    expect({ decision: decision.decision, reason: decision.reason }).toMatchObject({ decision: expected });
  });

  it.each(BROAD_SHELL_CASES)('shell under a broad allow %j → %s', async (command, expected) => {
    const decision = await evaluateApproval({ name: 'shell', arguments: { command } }, broad);
    expect({ decision: decision.decision, reason: decision.reason }).toMatchObject({ decision: expected });
  });

  it.each(FILE_CASES)('%s %j → %s', async (tool, path, expected) => {
    const decision = await evaluateApproval({ name: tool, arguments: path === '' ? {} : { path } }, rules, { resolvePath });
    expect({ decision: decision.decision, reason: decision.reason }).toMatchObject({ decision: expected });
  });
});
