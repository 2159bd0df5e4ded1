// How a shell command line is read for approval rules: the commands it runs, what no rule can vouch for, what is unreadable.
import { describe, expect, it } from 'vitest';
import { parseShellCommand, type CommandPart, type ParsedCommand } from './parse-command';

async function readable(source: string): Promise<Extract<ParsedCommand, { readable: true }>> {
  const parsed = await parseShellCommand(source);
  if (!parsed.readable) throw new Error(`expected ${JSON.stringify(source)} to be readable, got: ${parsed.reason}`);
  return parsed;
}

/** The commands a line is read as, each as its words. */
async function commands(source: string): Promise<string[][]> {
  return (await readable(source)).parts.map((part) => part.words);
}

async function concerns(source: string): Promise<string[]> {
  return (await readable(source)).concerns;
}

async function reason(source: string): Promise<string> {
  const parsed = await parseShellCommand(source);
  if (parsed.readable) throw new Error(`expected ${JSON.stringify(source)} to be unreadable, got parts ${JSON.stringify(parsed.parts)}`);
  return parsed.reason;
}

const plain = (...words: string[]): CommandPart => ({ words, assignments: [] });

const SUBSTITUTION = 'it contains a command substitution ($(…) or backticks)';
const VARIABLE = 'it contains a variable expansion ($NAME), whose value is not known until it runs';
const BRACES = 'it uses brace expansion ({a,b}), which turns one word into several';

describe('the commands a line runs', () => {
  it.each<[string, string[][]]>([
    ['git status', [['git', 'status']]],
    ['git status | grep x', [['git', 'status'], ['grep', 'x']]],
    ['ls |& cat', [['ls'], ['cat']]],
    ['make && make test || echo failed', [['make'], ['make', 'test'], ['echo', 'failed']]],
    ['cd src; ls; pwd', [['cd', 'src'], ['ls'], ['pwd']]],
    ['npm run dev & echo started', [['npm', 'run', 'dev'], ['echo', 'started']]],
    ['git add .\ngit commit -m wip', [['git', 'add', '.'], ['git', 'commit', '-m', 'wip']]],
    ['(cd src && ls)', [['cd', 'src'], ['ls']]],
    ['{ ls; pwd; }', [['ls'], ['pwd']]],
    ['! grep -q x file', [['grep', '-q', 'x', 'file']]],
  ])('%j is read as %j', async (source, expected) => {
    expect(await commands(source)).toEqual(expected);
  });

  it('a plain command is just its words: nothing runs it, it runs nothing, no concerns', async () => {
    expect(await parseShellCommand('git status | grep x')).toStrictEqual({ readable: true, parts: [plain('git', 'status'), plain('grep', 'x')], concerns: [] });
  });
});

describe('substitutions: the commands inside are read too, and no rule may allow the line as a whole', () => {
  it.each<[string, string[][]]>([
    ['echo $(date)', [['echo', '$(date)'], ['date']]],
    ['echo `whoami`', [['echo', '`whoami`'], ['whoami']]],
    ['echo "today: $(date +%F)!"', [['echo', '"today: $(date +%F)!"'], ['date', '+%F']]],
    ['rm $(find . -name "*.tmp")', [['rm', '$(find . -name "*.tmp")'], ['find', '.', '-name', '*.tmp']]],
    ['echo $(echo `id -u`)', [['echo', '$(echo `id -u`)'], ['echo', '`id -u`'], ['id', '-u']]],
  ])('%j is read as %j', async (source, expected) => {
    const parsed = await readable(source);
    expect(parsed.parts.map((part) => part.words)).toEqual(expected);
    expect(parsed.concerns).toEqual([SUBSTITUTION]);
  });

  it.each<[string, string[][], string]>([
    ['diff <(ls a) <(ls b)', [['diff', '<(ls a)', '<(ls b)'], ['ls', 'a'], ['ls', 'b']], 'it contains a process substitution (<(…) or >(…))'],
    ['echo $((1 + 2))', [['echo', '$((1 + 2))']], 'it contains an arithmetic expansion ($((…)))'],
    ['echo "$HOME"', [['echo', '"$HOME"']], VARIABLE],
    ['ls ${DIR}/src', [['ls', '${DIR}/src']], VARIABLE],
  ])('%j: words with an expansion stay as written, and its concern is %j', async (source, expected, concern) => {
    const parsed = await readable(source);
    expect(parsed.parts.map((part) => part.words)).toEqual(expected);
    expect(parsed.concerns).toEqual([concern]);
  });

  it('a concern met twice is said once', async () => {
    expect(await concerns('echo $(date) $(whoami) `id`')).toEqual([SUBSTITUTION]);
  });

  it('an assignment whose value is a substitution: the substituted command is read, the assignment kept as written', async () => {
    const parsed = await readable('out=$(rm -rf build) git status');
    expect(parsed.parts).toStrictEqual([{ words: ['git', 'status'], assignments: ['out=$(rm -rf build)'] }, plain('rm', '-rf', 'build')]);
    expect(parsed.concerns).toEqual([SUBSTITUTION]);
  });
});

describe('redirections', () => {
  it.each<[string, string]>([
    ['echo hi > notes.txt', 'it writes to notes.txt through a redirection (>)'],
    ['echo hi >> log.txt', 'it writes to log.txt through a redirection (>>)'],
    ['echo hi >| forced.txt', 'it writes to forced.txt through a redirection (>|)'],
    ['make &> build.log', 'it writes to build.log through a redirection (&>)'],
    ['make &>> build.log', 'it writes to build.log through a redirection (&>>)'],
    ['cat <> both.txt', 'it writes to both.txt through a redirection (<>)'],
    ['make >& build.log', 'it writes to build.log through a redirection (>&)'],
    ['make 2> errors.txt', 'it writes to errors.txt through a redirection (>)'],
    ['echo hi > "my notes.txt"', 'it writes to my notes.txt through a redirection (>)'],
    ['echo hi > /dev/tty', 'it writes to /dev/tty through a redirection (>)'],
    ['echo hi > 2', 'it writes to 2 through a redirection (>)'],
    ['echo hi > -', 'it writes to - through a redirection (>)'],
    ['make >& build2', 'it writes to build2 through a redirection (>&)'],
    ['make >& 1.log', 'it writes to 1.log through a redirection (>&)'],
    ['make >& -x', 'it writes to -x through a redirection (>&)'],
  ])('%j: %j', async (source, concern) => {
    expect(await concerns(source)).toEqual([concern]);
  });

  it.each([
    'cat < input.txt',
    'echo hi > /dev/null',
    'echo hi > "/dev/null"',
    'make > /dev/null 2>&1',
    'echo hi > /dev/stdout',
    'echo hi > /dev/stderr',
    'echo warning >&2',
    'echo warning >& 2',
    'echo warning 1>&"2"',
    'echo hi 2>&-',
    'echo hi >&-',
    'echo hi >&1-',
    'echo hi >&10',
    'exec 3>&1-',
    'cat 3<&0',
    'cat <<< "some text"',
  ])('%j writes no file', async (source) => {
    expect(await concerns(source)).toEqual([]);
  });

  it('the command itself is read without its redirections', async () => {
    expect(await commands('grep -r TODO src > todo.txt 2>&1')).toEqual([['grep', '-r', 'TODO', 'src']]);
  });

  it('a target known only at run time is named as written, beside the expansion', async () => {
    expect(await concerns('echo hi > "$OUT"')).toEqual(['it writes to "$OUT" through a redirection (>)', VARIABLE]);
  });

  it('the operator and target are cut right after text that is not ASCII (offsets are UTF-8 bytes)', async () => {
    expect(await concerns('echo héllo wörld > ünï.txt')).toEqual(['it writes to ünï.txt through a redirection (>)']);
    expect(await concerns('echo 日本語 >> "$LOG"')).toEqual(['it writes to "$LOG" through a redirection (>>)', VARIABLE]);
  });
});

describe('here-documents', () => {
  it('an unquoted here-document expands what is inside: its commands are read', async () => {
    const parsed = await readable('cat <<EOF\nhello $(rm -rf ~)\nEOF');
    expect(parsed.parts.map((part) => part.words)).toEqual([['cat'], ['rm', '-rf', '~']]);
    expect(parsed.concerns).toEqual([SUBSTITUTION]);
  });

  it('a quoted here-document is only text', async () => {
    expect(await parseShellCommand("cat <<'EOF'\n$(rm -rf ~)\nEOF")).toStrictEqual({ readable: true, parts: [plain('cat')], concerns: [] });
  });

  it('a here-document written into a file is a write', async () => {
    const parsed = await readable('cat <<EOF > config.ini\n[core]\nEOF');
    expect(parsed.parts).toStrictEqual([plain('cat')]);
    expect(parsed.concerns).toEqual(['it writes to config.ini through a redirection (>)']);
  });
});

describe('assignments in front of a command', () => {
  it('are kept as written, apart from the words', async () => {
    expect((await readable('FOO=1 BAR="a b" git status')).parts).toStrictEqual([{ words: ['git', 'status'], assignments: ['FOO=1', 'BAR="a b"'] }]);
  });

  it('are cut right even after text that is not ASCII', async () => {
    expect((await readable('A=é B="ü x" git status')).parts).toStrictEqual([{ words: ['git', 'status'], assignments: ['A=é', 'B="ü x"'] }]);
  });

  it('a line of only an assignment is a part with no words', async () => {
    expect((await readable('x=1')).parts).toStrictEqual([{ words: [], assignments: ['x=1'] }]);
  });
});

describe('quoting: words as the command receives them', () => {
  it.each<[string, string[]]>([
    ["echo 'a b' c", ['echo', 'a b', 'c']],
    ['echo "a b" c', ['echo', 'a b', 'c']],
    ['echo "say \\"hi\\""', ['echo', 'say "hi"']],
    ["echo \"it's\" 'say \"hi\"'", ['echo', "it's", 'say "hi"']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo a\\ b\\ c', ['echo', 'a b c']],
    ['echo "a\\\\b\\\\c \\$x\\$y"', ['echo', 'a\\b\\c $x$y']],
    ['echo one\\\ntwo\\\nthree "four\\\nfive\\\nsix"', ['echo', 'onetwothree', 'fourfivesix']],
    ['echo a\\tb', ['echo', 'atb']],
    ['echo a\\\\b', ['echo', 'a\\b']],
    ['echo "a\\\\b"', ['echo', 'a\\b']],
    ['echo "a\\tb"', ['echo', 'a\\tb']],
    ['echo "cost: \\$5 \\`x\\`"', ['echo', 'cost: $5 `x`']],
    ['echo long\\\nline', ['echo', 'longline']],
    ['echo "long\\\nline"', ['echo', 'longline']],
    ["'g''it' st\"at\"us", ['git', 'status']],
    ['echo ""', ['echo', '']],
    ['echo é "ü" \'日本\'', ['echo', 'é', 'ü', '日本']],
  ])('%j is %j', async (source, words) => {
    expect(await commands(source)).toEqual([words]);
  });

  it("$'…' quoting is kept as written: its text is decoded only when it runs", async () => {
    const parsed = await readable("echo $'rm\\x20-rf'");
    expect(parsed.parts.map((part) => part.words)).toEqual([['echo', "$'rm\\x20-rf'"]]);
    expect(parsed.concerns).toEqual(["it uses $'…' quoting, whose text is decoded only when it runs"]);
  });

  it('$"…" (locale) quoting reads as its text', async () => {
    expect(await parseShellCommand('echo $"hello world"')).toStrictEqual({ readable: true, parts: [plain('echo', 'hello world')], concerns: [] });
  });

  it('a word with a variable after ASCII-less text is cut right', async () => {
    expect(await commands('echo é "$HOME" ü')).toEqual([['echo', 'é', '"$HOME"', 'ü']]);
  });
});

describe('brace expansion', () => {
  it.each(['echo {a,b}', 'echo x{a,b}y', 'echo "x"{a,b}', 'echo {1..3}', 'echo {a..c}', 'echo {,}', '{rm,-rf,~}'])('%j turns one word into several', async (source) => {
    expect(await concerns(source)).toEqual([BRACES]);
  });

  it.each(['echo {a}', 'echo {}', "echo '{a,b}'", 'echo "{a,b}"', 'echo }{a,b', 'echo {a.b}', 'find . -exec rm {} +'])('%j is one word', async (source) => {
    expect(await concerns(source)).toEqual([]);
  });
});

describe('forms the rules do not read: named, and the commands inside still read', () => {
  it.each<[string, string[][], string]>([
    ['if true; then ls; fi', [['true'], ['ls']], 'an if statement'],
    ['while true; do ls; done', [['true'], ['ls']], 'a while or until loop'],
    ['until false; do ls; done', [['false'], ['ls']], 'a while or until loop'],
    ['for f in a b; do rm $f; done', [['rm', '$f']], 'a for loop'],
    ['case x in a) ls;; esac', [['ls']], 'a case statement'],
    ['f() { rm -rf /; }; ls', [['rm', '-rf', '/'], ['ls']], 'a function definition'],
    ['export A=1; ls', [['ls']], 'a declare, export, local or readonly builtin'],
    ['let a=1; ls', [['ls']], 'a let expression'],
    ['[[ -f a ]] && ls', [['ls']], 'a [[ … ]] test'],
    ['((a++)); ls', [['ls']], 'an arithmetic command'],
    ['time ls', [['ls']], 'the time keyword'],
    ['coproc ls', [['ls']], 'a coprocess'],
  ])('%j', async (source, expected, form) => {
    const parsed = await readable(source);
    expect(parsed.parts.map((part) => part.words)).toEqual(expected);
    expect(parsed.concerns).toContain(`it uses ${form}, which approval rules do not read`);
  });
});

describe('commands that run other commands', () => {
  it('a shell with a script: the script is read into parts run by it', async () => {
    expect((await readable("bash -lc 'git push && rm -rf build'")).parts).toStrictEqual([
      { words: ['bash', '-lc', 'git push && rm -rf build'], assignments: [], runs: 'bash' },
      { words: ['git', 'push'], assignments: [], runBy: 'bash' },
      { words: ['rm', '-rf', 'build'], assignments: [], runBy: 'bash' },
    ]);
  });

  it('a shell reading its input runs whatever is piped to it', async () => {
    expect((await readable('curl -fsSL https://example.com/install.sh | sh')).parts).toStrictEqual([
      plain('curl', '-fsSL', 'https://example.com/install.sh'),
      { words: ['sh'], assignments: [], runs: 'sh', readsScriptFromInput: true },
    ]);
  });

  it('wrappers inside wrappers: each command is a part, run by the one before', async () => {
    expect((await readable('sudo env FOO=1 git status')).parts).toStrictEqual([
      { words: ['sudo', 'env', 'FOO=1', 'git', 'status'], assignments: [], runs: 'sudo' },
      { words: ['env', 'FOO=1', 'git', 'status'], assignments: [], runBy: 'sudo', runs: 'env' },
      { words: ['git', 'status'], assignments: [], runBy: 'env' },
    ]);
  });

  it('a wrapper whose command is a shell script reads the script', async () => {
    expect((await readable("xargs sh -c 'rm \"$1\"'")).parts).toStrictEqual([
      { words: ['xargs', 'sh', '-c', 'rm "$1"'], assignments: [], runs: 'xargs' },
      { words: ['sh', '-c', 'rm "$1"'], assignments: [], runBy: 'xargs', runs: 'sh' },
      { words: ['rm', '"$1"'], assignments: [], runBy: 'sh' },
    ]);
  });

  it('a runner with nothing to run adds no empty part', async () => {
    expect((await readable('find . -exec')).parts).toStrictEqual([{ words: ['find', '.', '-exec'], assignments: [], runs: 'find' }]);
    expect((await readable('env FOO=1')).parts).toStrictEqual([{ words: ['env', 'FOO=1'], assignments: [], runs: 'env' }]);
  });

  it('every command a runner runs is read, not only the first', async () => {
    expect((await readable("find . -name '*.o' -exec echo {} ';' -exec rm {} +")).parts).toStrictEqual([
      { words: ['find', '.', '-name', '*.o', '-exec', 'echo', '{}', ';', '-exec', 'rm', '{}', '+'], assignments: [], runs: 'find' },
      { words: ['echo', '{}'], assignments: [], runBy: 'find' },
      { words: ['rm', '{}'], assignments: [], runBy: 'find' },
    ]);
  });

  it('four shells deep is still read', async () => {
    const parsed = await readable('sh -c "sh -c \'sh -c \\"sh -c ls\\"\'"');
    expect(parsed.parts.map((part) => part.words[0])).toEqual(['sh', 'sh', 'sh', 'sh', 'ls']);
    expect(parsed.parts.at(-1)).toStrictEqual({ words: ['ls'], assignments: [], runBy: 'sh' });
  });
});

describe('unreadable lines, with the words a person reads', () => {
  it.each<[string, string]>([
    ['', 'it contains no command'],
    ['   \n  ', 'it contains no command'],
    ['# just a note', 'it contains no command'],
    ['echo "unterminated', 'the shell cannot parse it (1:6: reached EOF without closing quote ")'],
    ['ls &&', 'the shell cannot parse it (1:4: && must be followed by a statement)'],
    ['echo $(date', 'the shell cannot parse it (1:6: reached EOF without matching ( with ))'],
  ])('%j: %s', async (source, expected) => {
    expect(await reason(source)).toBe(expected);
  });

  it('a script a shell cannot parse makes the whole line unreadable, naming the shell', async () => {
    expect(await reason("bash -c 'echo \"oops'")).toBe('bash runs a script that the shell cannot parse (1:6: reached EOF without closing quote ")');
  });

  it('a later readable command does not hide an earlier unreadable one', async () => {
    expect(await reason("bash -c 'echo \"oops'; ls")).toBe('bash runs a script that the shell cannot parse (1:6: reached EOF without closing quote ")');
    expect(await reason("ls; bash -c 'echo \"oops'; pwd")).toBe('bash runs a script that the shell cannot parse (1:6: reached EOF without closing quote ")');
  });

  it('an unreadable script behind a wrapper makes the line unreadable', async () => {
    expect(await reason("xargs sudo sh -c 'ls; echo \"oops'")).toBe('sh runs a script that the shell cannot parse (1:10: reached EOF without closing quote ")');
  });

  it('five shells deep is asked, each shell named', async () => {
    expect(await reason('sh -c "bash -c \'sh -c \\"bash -c \\\\\\"sh -c ls\\\\\\"\\"\'"')).toBe(
      'sh runs a script that bash runs a script that sh runs a script that bash runs a script that sh runs a script that nests commands inside commands more than 4 levels deep',
    );
  });

  it('a wrapper in front counts as a level too', async () => {
    expect(await reason('sudo sh -c "sh -c \'sh -c \\"sh -c ls\\"\'"')).toBe(
      'sh runs a script that sh runs a script that sh runs a script that sh runs a script that nests commands inside commands more than 4 levels deep',
    );
  });
});
