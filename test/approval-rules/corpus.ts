// The approval rules corpus (issue 15 §4): the rules its cases run under; the cases are in *-corpus.ts, run by corpus.test.ts.
import type { ApprovalRule, ApprovalRuleDecision } from '../../src/shared';

export type Decision = ApprovalRuleDecision;

/** The rules most cases run under: narrow allows, two denies, an ask carved out of an allow, two exact overrides. */
export const RULES: ApprovalRule[] = [
  { tool: 'shell', match: 'git status', decision: 'allow' },
  { tool: 'shell', match: 'git diff', decision: 'allow' },
  { tool: 'shell', match: 'git log', decision: 'allow' },
  { tool: 'shell', match: 'npm test', decision: 'allow' },
  { tool: 'shell', match: 'ls', decision: 'allow' },
  { tool: 'shell', match: 'cat', decision: 'allow' },
  { tool: 'shell', match: 'echo', decision: 'allow' },
  { tool: 'shell', match: 'grep', decision: 'allow' },
  { tool: 'shell', match: 'find', decision: 'allow' },
  { tool: 'shell', match: 'xargs', decision: 'allow' },
  { tool: 'shell', match: 'git push', decision: 'deny' },
  { tool: 'shell', match: 'npm publish', decision: 'deny' },
  { tool: 'shell', match: 'git commit', decision: 'allow' },
  { tool: 'shell', match: 'git commit --amend', decision: 'ask' },
  { tool: 'shell', match: 'git reset --hard', decision: 'allow' },
  { tool: 'shell', match: 'rm -rf build', decision: 'allow' },
  { tool: 'write_file', match: 'src/**', decision: 'allow' },
  { tool: 'write_file', match: 'docs/*.md', decision: 'allow' },
  { tool: 'write_file', match: 'src/secrets/**', decision: 'deny' },
  { tool: 'read_file', match: '**/.env', decision: 'deny' },
  { tool: 'read_file', match: '**', decision: 'allow' },
  { tool: 'list_directory', decision: 'allow' },
  { tool: 'web_search', decision: 'ask' },
  // "Always allow this exact command": nothing may follow its words.
  { tool: 'shell', match: 'make deploy', exact: true, decision: 'allow' },
];

/** Every shell command allowed, except what the engine always asks about; one exact override. */
export const BROAD_RULES: ApprovalRule[] = [
  { tool: 'shell', decision: 'allow' },
  { tool: 'shell', match: 'git push --force-with-lease origin feature', decision: 'allow' },
];

/**
 * Symlinks in the corpus's imagined workspace: src/hooks-link → .git/hooks, src/docs-link → docs,
 * src/secret-link → src/secrets, src/env-link → .env, src/out-link → outside the workspace.
 */
export const SYMLINKS: Record<string, string | null> = {
  'src/hooks-link': '.git/hooks',
  'src/docs-link': 'docs',
  'src/secret-link': 'src/secrets',
  'src/env-link': '.env',
  'src/out-link': null,
};

/** The corpus's imagined workspace: a path under a listed link leads where the link points (null: outside). */
export function resolveCorpusPath(path: string): string | null {
  for (const [link, target] of Object.entries(SYMLINKS)) {
    if (path !== link && !path.startsWith(`${link}/`)) continue;
    return target === null ? null : target + path.slice(link.length);
  }
  return path;
}
