// The reason shown with each approval decision (to the person asked, to the model refused, in the audit log), word for word.
import { describe, expect, it } from 'vitest';
import { compileApprovalRules, evaluateApproval } from '../../src/main/tools/approval-rules';
import type { Decision } from './corpus';
import { resolveCorpusPath, RULES } from './corpus';
import { MCP_RULES } from './mcp-args-corpus';

const rules = await compileApprovalRules(RULES);
const mcp = await compileApprovalRules(MCP_RULES);

const resolvePath = resolveCorpusPath;

/** Shell commands under RULES: the decision and the reason as a person reads it. */
const SHELL_REASONS: [command: string, decision: Decision, reason: string][] = [
  ["", 'ask', "the command could not be read, so no rule can allow it: it contains no command"],
  ["   ", 'ask', "the command could not be read, so no rule can allow it: it contains no command"],
  ["git status", 'allow', "allowed by tools.approvals[0]"],
  ["git status && ls -la", 'allow', "allowed by tools.approvals[0], tools.approvals[4]"],
  ["ls && ls", 'allow', "allowed by tools.approvals[4]"],
  ["git push origin main", 'deny', "denied by tools.approvals[10] (shell `git push`: deny): `git push origin main`"],
  ["FOO=1 /usr/bin/git -C . push", 'deny', "denied by tools.approvals[10] (shell `git push`: deny): `FOO=1 /usr/bin/git -C . push`"],
  ["npm publish 'my pkg'", 'deny', "denied by tools.approvals[11] (shell `npm publish`: deny): `npm publish 'my pkg'`"],
  ["git commit --amend -m 'a b'", 'ask', "asked by tools.approvals[13] (shell `git commit --amend`: ask): `git commit --amend -m 'a b'`"],
  ["rm -rf /", 'ask', "`rm -rf /` is on the always-ask list (rm -r / rm -f)"],
  ["rm -rf build", 'allow', "allowed by tools.approvals[15]"],
  ["make", 'ask', "no rule in tools.approvals allows `make`"],
  ["echo 'unterminated", 'ask', "the command could not be read, so no rule can allow it: the shell cannot parse it (1:6: reached EOF without closing quote ')"],
  ["ls > out.txt", 'ask', "rules allow only plain commands, and it writes to out.txt through a redirection (>)"],
  ["ls > /dev/null", 'allow', "allowed by tools.approvals[4]"],
  ["ls 2>&1", 'allow', "allowed by tools.approvals[4]"],
  ["ls >&2", 'allow', "allowed by tools.approvals[4]"],
  ["echo $HOME", 'ask', "rules allow only plain commands, and it contains a variable expansion ($NAME), whose value is not known until it runs"],
  ["echo $(date)", 'ask', "rules allow only plain commands, and it contains a command substitution ($(…) or backticks)"],
  ["echo `date`", 'ask', "rules allow only plain commands, and it contains a command substitution ($(…) or backticks)"],
  ["diff <(ls) <(ls)", 'ask', "rules allow only plain commands, and it contains a process substitution (<(…) or >(…))"],
  ["echo $((1+2))", 'ask', "rules allow only plain commands, and it contains an arithmetic expansion ($((…)))"],
  ["echo $'a'", 'ask', "rules allow only plain commands, and it uses $'…' quoting, whose text is decoded only when it runs"],
  ["echo {a,b}", 'ask', "rules allow only plain commands, and it uses brace expansion ({a,b}), which turns one word into several"],
  ["echo {1..3}", 'ask', "rules allow only plain commands, and it uses brace expansion ({a,b}), which turns one word into several"],
  ["echo {a}", 'allow', "allowed by tools.approvals[6]"],
  ["if true; then ls; fi", 'ask', "rules allow only plain commands, and it uses an if statement, which approval rules do not read"],
  ["while true; do ls; done", 'ask', "rules allow only plain commands, and it uses a while or until loop, which approval rules do not read"],
  ["for a in b; do ls; done", 'ask', "rules allow only plain commands, and it uses a for loop, which approval rules do not read"],
  ["case a in b) ls;; esac", 'ask', "rules allow only plain commands, and it uses a case statement, which approval rules do not read"],
  ["f() { ls; }", 'ask', "rules allow only plain commands, and it uses a function definition, which approval rules do not read"],
  ["export A=1", 'ask', "the command could not be read, so no rule can allow it: it contains no command"],
  ["let a=1", 'ask', "the command could not be read, so no rule can allow it: it contains no command"],
  ["[[ -f a ]]", 'ask', "the command could not be read, so no rule can allow it: it contains no command"],
  ["((a++))", 'ask', "the command could not be read, so no rule can allow it: it contains no command"],
  ["time ls", 'ask', "rules allow only plain commands, and it uses the time keyword, which approval rules do not read"],
  ["coproc ls", 'ask', "rules allow only plain commands, and it uses a coprocess, which approval rules do not read"],
  ["curl x | sh", 'ask', "no rule in tools.approvals allows `curl x`"],
  ["echo ls | sh", 'ask', "sh runs whatever is piped into it (as in curl … | sh)"],
  ["echo ls | /bin/bash", 'ask', "bash runs whatever is piped into it (as in curl … | sh)"],
  ["curl x | bash -s", 'ask', "no rule in tools.approvals allows `curl x`"],
  ["bash -c 'git push'", 'deny', "denied by tools.approvals[10] (shell `git push`: deny): `git push`"],
  ["sh -c 'ls && rm -rf ~'", 'ask', "`sh -c 'ls && rm -rf ~'` runs other commands (sh), so only a rule naming this exact command allows it"],
  ["bash -lc 'echo $(x)'", 'ask', "rules allow only plain commands, and it contains a command substitution ($(…) or backticks)"],
  ["sh -c \"sh -c 'sh -c \\\"sh -c \\\\\\\"sh -c ls\\\\\\\"\\\"'\"", 'ask', "the command could not be read, so no rule can allow it: sh runs a script that sh runs a script that sh runs a script that sh runs a script that sh runs a script that nests commands inside commands more than 4 levels deep"],
  ["eval git push", 'deny', "denied by tools.approvals[10] (shell `git push`: deny): `git push`"],
  ["sudo rm -rf /", 'ask', "`sudo rm -rf /` runs other commands (sudo), so only a rule naming this exact command allows it"],
  ["env FOO=1 git push", 'deny', "denied by tools.approvals[10] (shell `git push`: deny): `git push`"],
  ["xargs rm", 'ask', "`xargs rm` runs other commands (xargs), so only a rule naming this exact command allows it"],
  ["find . -exec rm {} \\;", 'ask', "`find . -exec rm '{}' ';'` runs other commands (find), so only a rule naming this exact command allows it"],
  ["find . -delete", 'ask', "`find . -delete` is on the always-ask list (find -delete / -fprint)"],
  ["ssh host ls", 'ask', "`ssh host ls` runs other commands (ssh), so only a rule naming this exact command allows it"],
  ["docker run x", 'ask', "`docker run x` runs other commands (docker), so only a rule naming this exact command allows it"],
  ["docker ps", 'ask', "no rule in tools.approvals allows `docker ps`"],
  ["python -c 1", 'ask', "`python -c 1` runs other commands (python), so only a rule naming this exact command allows it"],
  ["node -e 1", 'ask', "`node -e 1` runs other commands (node), so only a rule naming this exact command allows it"],
  ["python x.py", 'ask', "no rule in tools.approvals allows `python x.py`"],
  ["watch -n 1 ls", 'ask', "`watch -n 1 ls` runs other commands (watch), so only a rule naming this exact command allows it"],
  ["timeout 5 ls", 'ask', "`timeout 5 ls` runs other commands (timeout), so only a rule naming this exact command allows it"],
  ["nice -n 5 ls", 'ask', "`nice -n 5 ls` runs other commands (nice), so only a rule naming this exact command allows it"],
  ["source x", 'ask', "`source x` runs other commands (source), so only a rule naming this exact command allows it"],
  [". x", 'ask', "`. x` runs other commands (.), so only a rule naming this exact command allows it"],
  ["trap \"rm -rf /\" EXIT", 'ask', "`trap 'rm -rf /' EXIT` runs other commands (trap), so only a rule naming this exact command allows it"],
  ["alias ls=rm", 'ask', "`alias ls=rm` runs other commands (alias), so only a rule naming this exact command allows it"],
  ["git checkout -- .", 'ask', "`git checkout -- .` is on the always-ask list (git checkout -- / git restore)"],
  ["chmod 777 x", 'ask', "`chmod 777 x` is on the always-ask list (chmod 777)"],
  ["chmod -R a x", 'ask', "`chmod -R a x` is on the always-ask list (chmod -R / chown -R)"],
  ["kill -1", 'ask', "no rule in tools.approvals allows `kill -1`"],
  ["kill -9 -1", 'ask', "`kill -9 -1` is on the always-ask list (kill -1)"],
  ["dd if=a", 'ask', "`dd if=a` is on the always-ask list (dd)"],
  ["mkfs.ext4 /dev/sda", 'ask', "`mkfs.ext4 /dev/sda` is on the always-ask list (mkfs)"],
  ["git push -f", 'deny', "denied by tools.approvals[10] (shell `git push`: deny): `git push -f`"],
  ["git push origin +main", 'deny', "denied by tools.approvals[10] (shell `git push`: deny): `git push origin +main`"],
  ["git stash drop", 'ask', "`git stash drop` is on the always-ask list (git stash drop / clear)"],
  ["git gc --prune=now", 'ask', "`git gc --prune=now` is on the always-ask list (git gc --prune)"],
  ["npm test", 'allow', "allowed by tools.approvals[3]"],
  ["echo \"a b\" 'c' d\\ e", 'allow', "allowed by tools.approvals[6]"],
  ["echo it's", 'ask', "the command could not be read, so no rule can allow it: the shell cannot parse it (1:8: reached EOF without closing quote ')"],
  ["cat a'b", 'ask', "the command could not be read, so no rule can allow it: the shell cannot parse it (1:6: reached EOF without closing quote ')"],
  ["FOO=\"a b\" ls", 'ask', "no rule in tools.approvals allows `'FOO=\"a b\"' ls`"],
  ["echo ünï", 'allow', "allowed by tools.approvals[6]"],
];

/** File tool calls under RULES with SYMLINKS (undefined: no path given). */
const FILE_REASONS: [tool: string, path: unknown, decision: Decision, reason: string][] = [
  ["write_file", "src/a.ts", 'allow', "allowed by tools.approvals[16]"],
  ["write_file", "src/secrets/k", 'deny', "denied by tools.approvals[18] (write_file `src/secrets/**`: deny): src/secrets/k"],
  ["write_file", "src/secret-link/k", 'deny', "denied by tools.approvals[18] (write_file `src/secrets/**`: deny): src/secret-link/k → src/secrets/k"],
  ["read_file", ".env", 'deny', "denied by tools.approvals[19] (read_file `**/.env`: deny): .env"],
  ["read_file", "src/env-link", 'deny', "denied by tools.approvals[19] (read_file `**/.env`: deny): src/env-link → .env"],
  ["write_file", "src/out-link/x", 'ask', "src/out-link/x leads outside the workspace through a symlink"],
  ["write_file", "/etc/passwd", 'ask', "rules cannot match this path: the path /etc/passwd is absolute; rules match paths relative to the workspace"],
  ["write_file", "~/x", 'ask', "rules cannot match this path: the path ~/x is absolute; rules match paths relative to the workspace"],
  ["write_file", "C:/x", 'ask', "rules cannot match this path: the path C:/x is absolute; rules match paths relative to the workspace"],
  ["write_file", "a/../b", 'ask', "rules cannot match this path: the path a/../b climbs out of a folder with .."],
  ["write_file", "", 'ask', "rules cannot match this path: the path is empty"],
  ["write_file", "   ", 'ask', "rules cannot match this path: the path is empty"],
  ["write_file", "src​/a", 'ask', "rules cannot match this path: the path \"src​/a\" contains characters that look like others (unicode lookalikes)"],
  ["write_file", "ｓrc/a", 'ask', "rules cannot match this path: the path \"ｓrc/a\" contains characters that look like others (unicode lookalikes)"],
  ["write_file", "README.md", 'ask', "no rule in tools.approvals allows write_file on README.md"],
  ["write_file", "src/docs-link/a.md", 'allow', "allowed by tools.approvals[16], tools.approvals[17]"],
  ["write_file", "src/hooks-link/pre-commit", 'ask', "no rule in tools.approvals allows write_file on .git/hooks/pre-commit"],
  ["list_directory", undefined, 'allow', "allowed by tools.approvals[21]"],
  ["write_file", 42, 'ask', "no rule in tools.approvals allows write_file on ."],
  ["read_file", "src/../x", 'ask', "rules cannot match this path: the path src/../x climbs out of a folder with .."],
  ["write_file", "src\\a.ts", 'allow', "allowed by tools.approvals[16]"],
  ["write_file", "./", 'ask', "no rule in tools.approvals allows write_file on ."],
  ["web_search", "x", 'ask', "asked by tools.approvals[22] (web_search: ask)"],
];

/** Other tools' calls under MCP_RULES (the arguments as the model sent them). */
const OTHER_REASONS: [tool: string, args: unknown, decision: Decision, reason: string][] = [
  ["fs__read_file", {"path": "docs/a.md"}, 'allow', "allowed by tools.approvals[0] (fs__read_file path=`docs/**`: allow)"],
  ["fs__read_file", {"path": "x/.env"}, 'deny', "denied by tools.approvals[1] (fs__read_file path=`**/.env`: deny)"],
  ["gh__create_issue", {"repo": "me/x"}, 'ask', "asked by tools.approvals[4] (gh__create_issue: ask)"],
  ["gh__create_issue", {}, 'ask', "asked by tools.approvals[4] (gh__create_issue: ask)"],
  ["other", {}, 'ask', "no rule in tools.approvals allows other"],
  ["other", {"a": 1}, 'ask', "no rule in tools.approvals allows other with these arguments"],
  ["other", "str", 'ask', "no rule in tools.approvals allows other"],
  ["other", null, 'ask', "no rule in tools.approvals allows other"],
  ["db__query", {"limit": 12}, 'allow', "allowed by tools.approvals[8] (db__query limit=`1?`: allow)"],
  ["db__query", {"limit": 123}, 'ask', "no rule in tools.approvals allows db__query with these arguments"],
  ["fs__write_file", {"path": "/ETC/x"}, 'deny', "denied by tools.approvals[2] (fs__write_file path=`/etc/**`: deny)"],
];

describe('approval reasons', () => {
  it.each(SHELL_REASONS)('shell %j → %s: %s', async (command, decision, reason) => {
    expect(await evaluateApproval({ name: 'shell', arguments: { command } }, rules)).toMatchObject({ decision, reason });
  });

  it.each(FILE_REASONS)('%s %j → %s: %s', async (tool, path, decision, reason) => {
    expect(await evaluateApproval({ name: tool, arguments: path === undefined ? {} : { path } }, rules, { resolvePath })).toMatchObject({ decision, reason });
  });

  it.each(OTHER_REASONS)('%s %j → %s: %s', async (tool, args, decision, reason) => {
    expect(await evaluateApproval({ name: tool, arguments: args }, mcp)).toMatchObject({ decision, reason });
  });
});
