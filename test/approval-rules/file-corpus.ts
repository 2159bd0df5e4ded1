// Corpus: file tool calls under RULES with SYMLINKS (corpus.ts): globs, .., absolute paths, lookalikes, symlinks.
import type { Decision } from './corpus';

/** File tool calls under RULES, with SYMLINKS. */
export const FILE_CASES: [tool: string, path: string, expected: Decision][] = [
  // Globs on the workspace-relative path
  ["write_file", "src/a.ts", 'allow'],
  ["write_file", "src/deep/x/y.ts", 'allow'],
  ["write_file", "./src/a.ts", 'allow'],
  ["write_file", "src//a.ts", 'allow'],
  ["write_file", "src/./a.ts", 'allow'],
  ["write_file", "src/.env", 'ask'],
  ["write_file", "docs/guide.md", 'allow'],
  ["write_file", "docs/sub/guide.md", 'ask'],
  ["write_file", "README.md", 'ask'],
  ["write_file", "src", 'allow'],
  ["write_file", "src/secrets/key.pem", 'deny'],
  ["write_file", "src/SECRETS/key.pem", 'deny'],
  ["write_file", "src/secrets/.key", 'deny'],
  ["read_file", ".env", 'deny'],
  ["read_file", "config/.env", 'deny'],
  ["read_file", "config/.ENV", 'deny'],
  ["read_file", "src/a.ts", 'allow'],
  ["read_file", ".gitignore", 'ask'],
  ["list_directory", ".", 'allow'],
  ["list_directory", "src", 'allow'],
  ["list_directory", "", 'allow'],

  // Paths that climb out, absolute paths and home paths are asked
  ["write_file", "src/../etc/passwd", 'ask'],
  ["write_file", "../outside.txt", 'ask'],
  ["write_file", "src/../../x", 'ask'],
  ["write_file", "src/..", 'ask'],
  ["write_file", "/etc/passwd", 'ask'],
  ["write_file", "/work/main/src/a.ts", 'ask'],
  ["write_file", "~/x", 'ask'],
  ["write_file", "C:/x", 'ask'],
  ["write_file", "src\\..\\x", 'ask'],
  ["read_file", "../x", 'ask'],
  ["list_directory", "/", 'ask'],
  // A drive letter counts only at the start: a colon later in a relative name is an ordinary character
  ["write_file", "src/notes:draft.ts", 'allow'],
  // A path of spaces names nothing, so no rule (not even "every list_directory call") can allow it
  ["list_directory", "   ", 'ask'],

  // Unicode lookalikes of separators, dots and invisible characters are asked
  ["write_file", "src／a.ts", 'ask'],
  ["write_file", "src∕a.ts", 'ask'],
  ["write_file", "src⁄a.ts", 'ask'],
  ["write_file", "src/a​.ts", 'ask'],
  ["write_file", "src/‮sts.exe", 'ask'],
  ["write_file", "ｓrc/a.ts", 'ask'],
  ["write_file", "src/․․/x", 'ask'],
  ["write_file", "src/a.ts\u0000", 'ask'],
  ["write_file", "src /a.ts", 'ask'],
  ["write_file", "src/。/a.ts", 'ask'],
  ["write_file", "src/café.ts", 'allow'],
  ["write_file", "src/café.ts", 'allow'],
  ["write_file", "src/док.md", 'allow'],

  // Symlinks: where the path leads must pass the rules too
  ["write_file", "src/hooks-link/pre-commit", 'ask'],
  ["write_file", "src/out-link/x", 'ask'],
  ["write_file", "src/docs-link/x.md", 'allow'],
  ["write_file", "src/secret-link/k", 'deny'],
  ["read_file", "src/env-link", 'deny'],
  ['web_search', '', 'ask'],
  ['mcp__everything__echo', '', 'ask'],
];
