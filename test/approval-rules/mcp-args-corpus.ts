// Corpus: argument patterns (`args`) for MCP and other tools under MCP_RULES: globs on each value as text.
import type { ApprovalRule } from '../../src/shared';
import type { Decision } from './corpus';

export const MCP_RULES: ApprovalRule[] = [
  { tool: 'fs__read_file', args: { path: 'docs/**' }, decision: 'allow' },
  { tool: 'fs__read_file', args: { path: '**/.env' }, decision: 'deny' },
  { tool: 'fs__write_file', args: { path: '/etc/**' }, decision: 'deny' },
  { tool: 'fs__write_file', args: { path: 'notes/*.md', mode: 'append' }, decision: 'allow' },
  { tool: 'gh__create_issue', decision: 'ask' },
  { tool: 'gh__create_issue', args: { repo: 'me/*' }, decision: 'allow' },
  { tool: 'gh__list_issues', args: { repo: 'me/*' }, decision: 'allow' },
  { tool: 'fetch__get', args: { url: 'https://docs.example.com/**' }, decision: 'allow' },
  { tool: 'db__query', args: { limit: '1?' }, decision: 'allow' },
  { tool: 'web_search', args: { query: 'harombe *' }, decision: 'allow' },
];

export const MCP_ARGS_CASES: [tool: string, args: Record<string, unknown>, expected: Decision][] = [
  // A glob on one argument
  ['fs__read_file', { path: 'docs/a.md' }, 'allow'],
  ['fs__read_file', { path: 'docs/sub/b.md' }, 'allow'],
  ['fs__read_file', { path: 'docs/.hidden/b.md' }, 'allow'],
  ['fs__read_file', { path: 'src/a.ts' }, 'ask'],
  ['fs__read_file', { path: '/docs/a.md' }, 'ask'],
  ['fs__read_file', { path: 'DOCS/a.md' }, 'ask'],
  ['fs__read_file', { path: 'docs/../etc/passwd' }, 'ask'],
  ['fs__read_file', { path: 'docs/a/../../etc/passwd' }, 'ask'],
  ['fs__read_file', {}, 'ask'],
  ['fs__read_file', { other: 'docs/a.md' }, 'ask'],
  // deny beats allow, and matches any case
  ['fs__read_file', { path: 'docs/.env' }, 'deny'],
  ['fs__read_file', { path: 'docs/.ENV' }, 'deny'],
  ['fs__read_file', { path: 'config/.env' }, 'deny'],
  ['fs__write_file', { path: '/etc/passwd' }, 'deny'],
  ['fs__write_file', { path: '/ETC/passwd', mode: 'append' }, 'deny'],
  ['fs__write_file', { path: '/etc/ssh/sshd_config' }, 'deny'],
  ['fs__write_file', { path: '/etc' }, 'deny'], // `/etc/**` names the folder itself too
  // every listed argument must match
  ['fs__write_file', { path: 'notes/a.md', mode: 'append' }, 'allow'],
  ['fs__write_file', { path: 'notes/a.md', mode: 'overwrite' }, 'ask'],
  ['fs__write_file', { path: 'notes/a.md' }, 'ask'],
  ['fs__write_file', { path: 'notes/sub/a.md', mode: 'append' }, 'ask'],
  ['fs__write_file', { path: 'notes/a.txt', mode: 'append' }, 'ask'],
  ['fs__write_file', { mode: 'append' }, 'ask'],
  // a whole-tool ask beats an allow with args
  ['gh__create_issue', { repo: 'me/harombe', title: 'x' }, 'ask'],
  ['gh__list_issues', { repo: 'me/harombe' }, 'allow'],
  ['gh__list_issues', { repo: 'me/a/b' }, 'ask'],
  ['gh__list_issues', { repo: 'other/harombe' }, 'ask'],
  ['gh__list_issues', { repo: 'me' }, 'ask'],
  // URLs: a prefix that is a host must end where the host does
  ['fetch__get', { url: 'https://docs.example.com/guide' }, 'allow'],
  ['fetch__get', { url: 'https://docs.example.com/a/b?q=1' }, 'allow'],
  ['fetch__get', { url: 'https://docs.example.com.evil.io/x' }, 'ask'],
  ['fetch__get', { url: 'https://evil.io/?u=https://docs.example.com/x' }, 'ask'],
  ['fetch__get', { url: 'http://docs.example.com/guide' }, 'ask'],
  ['fetch__get', { url: 'https://docs.example.com/../admin' }, 'ask'],
  // values that are not strings are matched as JSON
  ['db__query', { sql: 'select 1', limit: 15 }, 'allow'],
  ['db__query', { sql: 'select 1', limit: '15' }, 'allow'],
  ['db__query', { sql: 'select 1', limit: 150 }, 'ask'],
  ['db__query', { sql: 'select 1', limit: [15] }, 'ask'],
  ['db__query', { sql: 'select 1', limit: null }, 'ask'],
  ['db__query', { sql: 'select 1' }, 'ask'],
  // a built-in tool other than the shell and file tools reads args too
  ['web_search', { query: 'harombe docs' }, 'allow'],
  ['web_search', { query: 'harombe' }, 'ask'],
  ['web_search', { query: 'not harombe docs' }, 'ask'],
  // tools no rule names
  ['other__tool', { x: 1 }, 'ask'],
  ['other__tool', {}, 'ask'],
];

/** Rules with args that cannot be read: each is left out with a problem, never applied. */
export const UNREADABLE_ARGS_RULES: ApprovalRule[] = [
  { tool: 'shell', args: { command: 'ls*' }, decision: 'allow' },
  { tool: 'read_file', args: { path: '**' }, decision: 'allow' },
  { tool: 'fs__read_file', match: 'docs/**', args: { path: 'docs/**' }, decision: 'allow' },
  { tool: '*', args: { path: '**' }, decision: 'allow' },
];
