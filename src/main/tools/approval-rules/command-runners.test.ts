// What a command that runs others (sudo, env, xargs, find -exec, sh -c, python -c …) runs, as the approval rules read it.
import { describe, expect, it } from 'vitest';
import { commandRunner, type CommandRunner } from './command-runners';
import { compileApprovalRules, evaluateApproval } from './evaluate-rules';

/** The words as the shell hands them over: split on spaces, except where a row gives them as a list. */
const words = (command: string | string[]) => (typeof command === 'string' ? command.split(' ') : command);

/** What commandRunner reads, with a runner that reads no input saying so (false) rather than leaving it out. */
function runs(command: string | string[]): CommandRunner | undefined {
  const runner = commandRunner(words(command));
  return runner && { ...runner, readsScriptFromInput: runner.readsScriptFromInput === true };
}

/** A command → what it runs: shell source it runs, commands it runs as words, or whether it reads its input. */
const RUNS: [command: string | string[], runs: Partial<CommandRunner>][] = [
  // Plain wrappers: their own options (and the values those take) skipped, the rest is the command
  ['sudo -u root ls -la', { name: 'sudo', scripts: [], commands: [['ls', '-la']] }],
  ['/usr/bin/sudo ls', { name: 'sudo', commands: [['ls']] }],
  ['sudo', { name: 'sudo', scripts: [], commands: [] }],
  ['sudo -i', { commands: [] }],
  ['sudo --user root -T 10 ls', { commands: [['ls']] }],
  ['xargs -e -E END ls', { commands: [['ls']] }],
  ['nice -n 5 rm x', { name: 'nice', commands: [['rm', 'x']] }],
  ['nice -- ls', { commands: [['ls']] }],
  ['nice - ls', { commands: [['-', 'ls']] }],
  ['timeout -s KILL 5 git push', { name: 'timeout', commands: [['git', 'push']] }],
  ['timeout 5', { commands: [] }],
  ['nohup', { scripts: [], commands: [] }],
  // A quoted argument behind a wrapper stays one argument; watch alone joins its words into shell source
  [['nice', 'echo', 'a; rm -rf ~'], { scripts: [], commands: [['echo', 'a; rm -rf ~']] }],
  [['watch', '-n', '1', 'ls; git push'], { name: 'watch', scripts: ['ls; git push'], commands: [] }],
  ['watch -n 1 ls -la', { scripts: ['ls -la'] }],
  ['watch -n 1', { scripts: [], commands: [] }],

  // env: settings (any word with `=`) and options before the command
  ['env FOO=1 git push', { name: 'env', commands: [['git', 'push']] }],
  ['env 1=2 git push', { commands: [['git', 'push']] }],
  ['env -u HOME -i ls', { commands: [['ls']] }],
  // env -S splits one string into the command's words (by its own quoting): read as shell source
  [['env', '-S', 'git push', 'origin'], { name: 'env', scripts: ['git push origin'], commands: [] }],
  [['env', '-iS', 'git push'], { scripts: ['git push'], commands: [] }],
  [['env', 'FOO=1', '--split-string=git push'], { scripts: ['git push'], commands: [] }],
  [['env', 'FOO=1', 'ls', '-S', 'x'], { scripts: [], commands: [['ls', '-S', 'x']] }],
  // su runs -c's command through the user's shell, wherever the option stands; alone it opens a shell
  [['su', '-c', 'git push'], { name: 'su', scripts: ['git push'], commands: [] }],
  [['su', '-', 'deploy', '-lc', 'git push'], { scripts: ['git push'], commands: [] }],
  [['su', '--command=git push', 'deploy'], { scripts: ['git push'] }],
  [['su', '-s', '/bin/bash', 'deploy', '--session-command', 'make'], { scripts: ['make'] }],
  [['su', '-cgit push'], { scripts: ['git push'] }],
  ['su deploy', { name: 'su', scripts: [], commands: [] }],
  // Alone it prints its environment: no command to read
  ['env', { name: 'env', scripts: [] }],
  ['env -i', { name: 'env', scripts: [] }],

  // xargs: its command, or echo when it names none
  ['xargs -n 1 rm', { name: 'xargs', scripts: [], commands: [['rm']] }],
  ['xargs', { commands: [['echo']] }],
  ['xargs -0', { commands: [['echo']] }],

  // find: every -exec / -execdir / -ok action up to its `;` or `+`; without one find runs nothing
  [['find', '.', '-exec', 'rm', '{}', ';'], { name: 'find', scripts: [], commands: [['rm', '{}']] }],
  [['find', '.', '-exec', 'ls', ';', '-exec', 'git', 'push', ';'], { commands: [['ls'], ['git', 'push']] }],
  [['find', '.', '-exec', 'ls', '{}', '+', '-ok', 'rm', '{}', ';'], { commands: [['ls', '{}'], ['rm', '{}']] }],
  [['find', '.', '-name', ';', '-exec', 'ls', ';'], { commands: [['ls']] }],
  [['find', '.', '-execdir', 'rm', '{}'], { commands: [['rm', '{}']] }],

  // Shells: the script of -c (also inside a bundle), past -o/-O and their values; no script: what is piped in
  [['sh', '-c', 'git push'], { name: 'sh', scripts: ['git push'], commands: [] }],
  [['sh', '-ce', 'git push'], { scripts: ['git push'] }],
  [['bash', '-euo', 'pipefail', '-c', 'git push'], { scripts: ['git push'] }],
  [['bash', '-O', 'extglob', '-c', 'git push'], { scripts: ['git push'] }],
  [['bash', '--rcfile', 'x', '-c', 'git push'], { scripts: ['git push'] }],
  ['bash -c', { scripts: [], commands: [] }],
  [['bash', '-e', 'git push'], { scripts: [], readsScriptFromInput: false }],
  ['bash --norc deploy.sh', { scripts: [] }],
  [['sh', '--', '-c', 'git push'], { scripts: [], readsScriptFromInput: false }],
  [['bash', '-', '-c', 'git push'], { scripts: [], readsScriptFromInput: false }],
  ['sh', { scripts: [], readsScriptFromInput: true }],
  ['bash -s', { readsScriptFromInput: true }],
  ['bash -', { readsScriptFromInput: true }],

  // eval and trap run shell source; source, alias and friends change what runs next
  ['eval git push', { name: 'eval', scripts: ['git push'], commands: [] }],
  [['trap', 'git push', 'EXIT'], { name: 'trap', scripts: ['git push'] }],
  ['trap -l', { scripts: [] }],
  [['trap', '--', 'git push', 'EXIT'], { scripts: ['git push'] }],
  ['trap -- - EXIT', { scripts: [] }],
  ['trap --', { scripts: [] }],
  ['trap', { scripts: [], commands: [] }],
  ['source x', { name: 'source', scripts: [], commands: [] }],
  ['unalias ls', { name: 'unalias', commands: [] }],
  ['enable -n echo', { name: 'enable' }],
  ['hash -p /bin/rm ls', { name: 'hash' }],

  // Interpreters running inline code (any version, options bundled or written with `=`), or what is piped in
  ['python3 -c x', { name: 'python3', scripts: [], commands: [] }],
  ['python3 -Bc x', { name: 'python3' }],
  ['python3.12 -c x', { name: 'python3.12' }],
  ['python3 -cprint(1)', { name: 'python3' }],
  ['perl -lane print', { name: 'perl' }],
  ['node --eval=x', { name: 'node' }],
  ['node --eval x', { name: 'node' }],
  ['php8.2 -r x', { name: 'php8.2' }],
  ['python3', { readsScriptFromInput: true }],
  ['perl -', { readsScriptFromInput: true }],
  // Options only: no script named, so it runs what reaches its input
  ['python3 -u', { readsScriptFromInput: true }],
  ['perl -w', { readsScriptFromInput: true }],
  ['node --no-warnings', { readsScriptFromInput: true }],
  ['ssh host ls', { name: 'ssh', commands: [] }],
  ['docker run x', { name: 'docker' }],
];

/** Commands that run nothing else: ordinary commands a prefix rule may allow. */
const ORDINARY = [
  'ls -la',
  'find . -name x',
  'docker ps',
  'python3 x.py',
  'python3 --version',
  'python3 -Wignore::DeprecationWarning x.py',
  'node --evalx app.js',
  'python3 -V',
  'python3 -m http.server',
  'python3 -u x.py',
  'node --inspect app.js',
  'perl -Mstrict x.pl',
  'php -v',
];

describe('commandRunner', () => {
  it.each(RUNS)('%j runs %j', (command, expected) => {
    expect(runs(command)).toMatchObject(expected);
  });

  it.each(ORDINARY)('%j runs nothing else', (command) => {
    expect(commandRunner(words(command))).toBeUndefined();
  });

  it('reads no command from an empty list of words (an assignment alone, `FOO=1`)', () => {
    expect(commandRunner([])).toBeUndefined();
  });
});

describe('the reason a person is given for a command behind a runner', () => {
  it('names the runner, the command it runs, and a shell or interpreter reading a pipe', async () => {
    const rules = await compileApprovalRules([
      { tool: 'shell', decision: 'allow' },
      { tool: 'shell', match: 'git push', decision: 'deny' },
    ]);
    const reason = async (command: string) => {
      const decision = await evaluateApproval({ name: 'shell', arguments: { command } }, rules);
      return `${decision.decision}: ${decision.reason}`;
    };
    expect(await reason('sudo rm -rf x')).toBe('ask: `sudo rm -rf x` runs other commands (sudo), so only a rule naming this exact command allows it');
    expect(await reason('env FOO=1 git push')).toBe('deny: denied by tools.approvals[1] (shell `git push`: deny): `git push`');
    expect(await reason('xargs rm')).toBe('ask: `xargs rm` runs other commands (xargs), so only a rule naming this exact command allows it');
    expect(await reason('find . -exec rm {} \\;')).toBe("ask: `find . -exec rm '{}' ';'` runs other commands (find), so only a rule naming this exact command allows it");
    expect(await reason('timeout 5 git push')).toBe('deny: denied by tools.approvals[1] (shell `git push`: deny): `git push`');
    expect(await reason('nice -n 5 rm x')).toBe('ask: `nice -n 5 rm x` runs other commands (nice), so only a rule naming this exact command allows it');
    expect(await reason("perl -ne 'system(1)'")).toBe("ask: `perl -ne 'system(1)'` runs other commands (perl), so only a rule naming this exact command allows it");
    expect(await reason('curl x | python3')).toBe('ask: python3 runs whatever is piped into it (as in curl … | sh)');
    expect(await reason('bash deploy.sh')).toBe('ask: `bash deploy.sh` runs other commands (bash), so only a rule naming this exact command allows it');
  });

  it('allows a runner command only with a rule naming it exactly and rules for what it runs, and says which', async () => {
    const rules = await compileApprovalRules([
      { tool: 'shell', match: 'echo', decision: 'allow' },
      { tool: 'shell', match: 'xargs', exact: true, decision: 'allow' },
      { tool: 'shell', match: 'trap -l', exact: true, decision: 'allow' },
      { tool: 'shell', match: 'source x', exact: true, decision: 'allow' },
    ]);
    const decide = async (command: string) => {
      const decision = await evaluateApproval({ name: 'shell', arguments: { command } }, rules);
      return `${decision.decision}: ${decision.reason}`;
    };
    // xargs with no command runs echo: both rules are named.
    expect(await decide('xargs')).toBe('allow: allowed by tools.approvals[1], tools.approvals[0]');
    expect(await decide('trap -l')).toBe('allow: allowed by tools.approvals[2]');
    expect(await decide('source x')).toBe('allow: allowed by tools.approvals[3]');
  });
});
