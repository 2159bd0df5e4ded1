// Commands that run other commands (`sh -c`, `eval`, `env`, `xargs`, `find -exec`, `sudo` …) and what they run.

export interface CommandRunner {
  /** The runner's name as written without its folder: `bash`, `xargs`. */
  name: string;
  /** Shell source it runs (`bash -lc 'git status'`, `eval …`, `watch …`), to be parsed in turn. */
  scripts: string[];
  /** Commands it runs as words (`env FOO=1 git status`, `find . -exec rm {} ;`). */
  commands: string[][];
  /** A shell with no script runs whatever reaches its input (`curl … | sh`). */
  readsScriptFromInput?: boolean;
}

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'csh', 'tcsh']);

/**
 * Interpreters whose inline code (`python -c`, `perl -ne`, `node --eval=…`) could do anything a shell could: the
 * options taking code, and the letters that take it inside a bundle of short options (`python -Bc`, `perl -lane`).
 * Named without a version (`python3.12` is `python`).
 */
const INLINE_CODE: Record<string, Interpreter> = {
  python: { options: ['-c'], letters: 'c', noScript: ['--version', '-V', '--help', '-h', '-m'] },
  node: { options: ['-e', '--eval', '-p', '--print'], letters: 'ep', noScript: ['--version', '-v', '--help', '-h'] },
  perl: { options: ['-e', '-E'], letters: 'eE', noScript: ['--version', '-v', '-V', '--help', '-h'] },
  ruby: { options: ['-e'], letters: 'e', noScript: ['--version', '-v', '--help', '-h'] },
  php: { options: ['-r'], letters: 'r', noScript: ['--version', '-v', '--help', '-h', '-i', '-m'] },
};

interface Interpreter {
  options: readonly string[];
  letters: string;
  /** Options after which it reads no script at all (prints its version, runs a module). */
  noScript: readonly string[];
}

interface Wrapper {
  /** Options that take the next word as their value. */
  valued?: readonly string[];
  /** Plain words before the command (timeout's duration, chroot's folder). */
  skip?: number;
  /** The rest is joined into shell source (`watch`), not run as words. */
  script?: boolean;
}

const WRAPPERS: Record<string, Wrapper> = {
  command: {},
  builtin: {},
  exec: { valued: ['-a'] },
  nohup: {},
  time: { valued: ['-f', '-o'] },
  setsid: {},
  stdbuf: { valued: ['-i', '-o', '-e'] },
  nice: { valued: ['-n'] },
  ionice: { valued: ['-c', '-n', '-p'] },
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], skip: 1 },
  sudo: {
    valued: ['-u', '-g', '-C', '-h', '-p', '-r', '-t', '-T', '-U', '-D', '-R', '--user', '--group', '--close-from', '--host', '--prompt',
      '--role', '--type', '--command-timeout', '--other-user', '--chdir', '--chroot'],
  },
  doas: { valued: ['-u', '-C'] },
  chroot: { skip: 1 },
  taskset: { skip: 1 },
  unbuffer: {},
  strace: { valued: ['-o', '-e', '-p', '-s'] },
  ltrace: { valued: ['-o', '-e', '-p'] },
  watch: { valued: ['-n', '-d', '--interval'], script: true },
  parallel: { valued: ['-j', '-S'] },
  'start-stop-daemon': {},
  busybox: {},
  toybox: {},
};

/** Container tools whose exec / run runs a command where harombe cannot see it (ssh always does). */
const CONTAINERS = new Set(['docker', 'podman', 'kubectl']);

// Not `-e`/`-i`/`-l`: GNU xargs takes their value only attached (`-eEOF`), so `xargs -e git push` runs `git push`.
const XARGS_VALUED = ['-I', '-n', '-P', '-d', '-L', '-s', '-a', '-E', '--delimiter', '--max-args', '--max-procs', '--arg-file'];
const ENV_VALUED = ['-u', '--unset', '-C', '--chdir'];
const FIND_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);

export function commandName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** What a command runs, when it is one that runs other commands; undefined for an ordinary command. */
export function commandRunner(words: readonly string[]): CommandRunner | undefined {
  const [first, ...args] = words;
  if (first === undefined) return undefined;
  const name = commandName(first);
  const runner = (parts: Partial<CommandRunner>): CommandRunner => ({ name, scripts: [], commands: [], ...parts });
  if (SHELLS.has(name)) return shellRunner(args, runner);
  if (name === 'eval') return runner({ scripts: [args.join(' ')] });
  // `alias` changes what a later word runs (sh expands aliases even in scripts); `trap` runs its script on a signal.
  if (name === '.' || name === 'source' || name === 'alias' || name === 'unalias' || name === 'enable' || name === 'hash') return runner({});
  if (name === 'trap') {
    const [action] = args[0] === '--' ? args.slice(1) : args;
    return runner({ scripts: action !== undefined && !action.startsWith('-') ? [action] : [] });
  }
  if (name === 'env') return runner(envRuns(args));
  if (name === 'su') return runner({ scripts: suScripts(args) });
  if (name === 'xargs') {
    const rest = afterOptions(args, XARGS_VALUED);
    return runner({ commands: [rest.length > 0 ? rest : ['echo']] });
  }
  if (name === 'find') {
    const commands = findActions(args);
    return commands.length > 0 ? runner({ commands }) : undefined;
  }
  if (name === 'ssh' || (CONTAINERS.has(name) && args.some((arg) => arg === 'exec' || arg === 'run'))) return runner({});
  const interpreter = INLINE_CODE[name.replace(/[\d.]+$/, '')];
  if (interpreter) {
    if (args.some((arg) => runsInlineCode(arg, interpreter))) return runner({});
    // With no script named (or `-`) it runs what reaches its input, as `curl … | python3 -u` does.
    if (args.includes('-') || args.every((arg) => arg.startsWith('-') && !interpreter.noScript.includes(arg))) {
      return runner({ readsScriptFromInput: true });
    }
  }
  const wrapper = WRAPPERS[name];
  if (!wrapper) return undefined;
  const rest = afterOptions(args, wrapper.valued ?? []).slice(wrapper.skip ?? 0);
  if (wrapper.script) return runner({ scripts: rest.length > 0 ? [rest.join(' ')] : [] });
  return runner({ commands: rest.length > 0 ? [rest] : [] });
}

/** `-c`, `-cCODE`, `--eval`, `--eval=CODE`, or a code letter in a bundle of letters (`-Bc`, `-ne`); wider reads only ask more. */
function runsInlineCode(arg: string, interpreter: Interpreter): boolean {
  if (interpreter.options.some((option) => arg === option || arg.startsWith(option.length === 2 ? option : `${option}=`))) return true;
  return /^-[A-Za-z]+$/.test(arg) && [...arg.slice(1)].some((letter) => interpreter.letters.includes(letter));
}

function shellRunner(args: readonly string[], runner: (parts: Partial<CommandRunner>) => CommandRunner): CommandRunner {
  let index = 0;
  let inline = false;
  while (index < args.length) {
    const arg = args[index]!;
    if (arg === '--' || arg === '-') {
      index += 1;
      break;
    }
    if (!/^[-+]/.test(arg)) break;
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(arg)) inline = true;
    // `-o`/`-O` take the next word, also at the end of a bundle (`bash -euo pipefail -c …`).
    if (/^[-+][A-Za-z]*[oO]$|^--rcfile$|^--init-file$/.test(arg)) index += 1;
    index += 1;
  }
  const script = args[index];
  if (inline) return runner({ scripts: script === undefined ? [] : [script] });
  if (script === undefined) return runner({ readsScriptFromInput: true });
  return runner({});
}

/**
 * What env runs: the words after its options and settings (any word with `=`, even one no shell would take: `1=2`),
 * or, for `-S STRING` / `--split-string=STRING`, that string (split by env's own quoting) read as shell source.
 */
function envRuns(args: readonly string[]): Partial<CommandRunner> {
  let index = 0;
  while (index < args.length) {
    const arg = args[index]!;
    const split =
      /^-[iv0]*S$/.test(arg) || arg === '--split-string'
        ? args.slice(index + 1)
        : arg.startsWith('--split-string=')
          ? [arg.slice('--split-string='.length), ...args.slice(index + 1)]
          : /^-[iv0]*S./.test(arg)
            ? [arg.slice(arg.indexOf('S') + 1), ...args.slice(index + 1)]
            : undefined;
    if (split) return { scripts: [split.join(' ')] };
    if (ENV_VALUED.includes(arg)) index += 2;
    else if (arg.startsWith('-') || arg.includes('=')) index += 1;
    else break;
  }
  return { commands: [args.slice(index)] };
}

/** The command su runs through the user's shell: `-c CMD`, `-cCMD`, `--command CMD`, `--command=CMD`, wherever given. */
function suScripts(args: readonly string[]): string[] {
  const scripts: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (/^-[lmpf]*[cC]$/.test(arg) || arg === '--command' || arg === '--session-command') scripts.push(args[++index] ?? '');
    else if (arg.startsWith('--command=') || arg.startsWith('--session-command=')) scripts.push(arg.slice(arg.indexOf('=') + 1));
    else if (/^-[lmpf]*[cC]./.test(arg)) scripts.push(arg.slice(arg.search(/[cC]/) + 1));
    else if (['-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment'].includes(arg)) index += 1;
  }
  return scripts;
}

function afterOptions(args: readonly string[], valued: readonly string[]): string[] {
  let index = 0;
  while (index < args.length) {
    const arg = args[index]!;
    if (arg === '--') return args.slice(index + 1);
    if (!arg.startsWith('-') || arg === '-') break;
    index += valued.includes(arg) ? 2 : 1;
  }
  return args.slice(index);
}

function findActions(args: readonly string[]): string[][] {
  const commands: string[][] = [];
  for (let index = 0; index < args.length; index += 1) {
    if (!FIND_ACTIONS.has(args[index]!)) continue;
    const end = args.findIndex((arg, at) => at > index && (arg === ';' || arg === '+'));
    commands.push(args.slice(index + 1, end === -1 ? undefined : end));
    if (end === -1) break;
    index = end;
  }
  return commands;
}
