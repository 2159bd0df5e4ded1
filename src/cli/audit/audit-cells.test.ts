// What a person reads in `harombe audit`'s cells: who decided in a few words, arguments on one safe line, how it ended.
import { describe, expect, it } from 'vitest';
import { auditEntry } from '../../main/audit/audit-test-entries';
import { argumentsText, decidedByText, exitText } from './audit-cells';

describe('audit cells', () => {
  it.each([
    [{ kind: 'person', surface: 'cli' }, 'person (CLI)'],
    [{ kind: 'person', surface: 'api' }, 'person (API)'],
    [{ kind: 'rule', rule: 'tools.approvals[3] (shell `git status`: allow)' }, 'rule tools.approvals[3]'],
    [{ kind: 'always_allow', rule: 'always allow in this conversation: shell `git status`' }, 'always allow: shell `git status`'],
    [{ kind: 'mode', mode: 'trusted' }, 'mode trusted'],
    [{ kind: 'config' }, 'confirm_dangerous: false'],
    [{ kind: 'timeout' }, 'nobody (timed out)'],
    [{ kind: 'unattended' }, 'nobody could be asked'],
  ] as const)('%j reads %j', (decider, text) => {
    expect(decidedByText(decider)).toBe(text);
  });

  it('puts a command on one line without the control characters a model could hide in it', () => {
    expect(argumentsText(auditEntry({ arguments: { command: 'ls\n\u001b]0;pwned\u0007rm -rf ~' } }))).toBe('ls ⏎ ]0;pwnedrm -rf ~');
    expect(argumentsText(auditEntry({ tool: 'write_file', arguments: { path: 'a.md', content: 'hello', append: true } }))).toBe('a.md (append 5 chars)');
    expect(argumentsText(auditEntry({ tool: 'files__search', arguments: { pattern: '*.md', depth: 2 } }))).toBe('{"pattern":"*.md","depth":2}');
  });

  it('says how a call ended: the exit code, ok or failed for a tool without one, - when it did not run', () => {
    expect(exitText(auditEntry({ exit_code: 2, ok: false }))).toBe('2');
    expect(exitText(auditEntry({ exit_code: null, ok: false }))).toBe('failed');
    expect(exitText(auditEntry({ exit_code: undefined, ok: true }))).toBe('ok');
    expect(exitText(auditEntry({ decision: 'denied', exit_code: undefined, ok: undefined }))).toBe('-');
  });
});
