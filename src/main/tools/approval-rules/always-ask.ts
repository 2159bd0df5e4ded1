// Commands asked about even under allow rules (a rule naming that exact command is the only way past): they destroy or give away.
import { commandName } from './command-runners';
import type { CommandPart } from './parse-command';

interface AlwaysAsk {
  /** How the docs and the reason name it: `rm -r`, `git push --force`. */
  label: string;
  matches(args: readonly string[], name: string): boolean;
}

/** Short options may be bundled (`-rf`, `-fR`); long ones may be shortened as GNU getopt allows (`--recur`). */
function hasFlag(args: readonly string[], short: string, long: readonly string[] = []): boolean {
  return args.some((arg) => {
    if (/^-[A-Za-z0-9]+$/.test(arg)) return [...short].some((letter) => arg.includes(letter));
    const name = arg.split('=')[0]!;
    // One letter after `--` is enough when it is unambiguous: `rm --r` is `rm --recursive`.
    return name.startsWith('--') && name.length >= 3 && long.some((flag) => flag.startsWith(name));
  });
}

export function gitSubcommand(args: readonly string[]): { sub: string | undefined; rest: readonly string[] } {
  let index = 0;
  // git's own options before the subcommand; -C and -c take a value.
  while (index < args.length && args[index]!.startsWith('-')) index += args[index] === '-C' || args[index] === '-c' ? 2 : 1;
  return { sub: args[index], rest: args.slice(index + 1) };
}

const named = (label: string, names: readonly string[], test: (args: readonly string[]) => boolean = () => true): AlwaysAsk => ({
  label,
  matches: (args, name) => names.includes(name) && test(args),
});

const git = (label: string, sub: string, test: (rest: readonly string[]) => boolean): AlwaysAsk => ({
  label,
  matches: (args, name) => {
    if (name !== 'git') return false;
    const found = gitSubcommand(args);
    return found.sub === sub && test(found.rest);
  },
});

export const ALWAYS_ASK: readonly AlwaysAsk[] = [
  named('rm -r / rm -f', ['rm'], (args) => hasFlag(args, 'rRf', ['--recursive', '--force'])),
  named('rmdir', ['rmdir']),
  named('shred', ['shred']),
  git('git push --force', 'push', (rest) => hasFlag(rest, 'f', ['--force', '--force-with-lease', '--mirror', '--delete']) || rest.some((arg) => arg.startsWith('+') || arg.startsWith(':'))),
  git('git reset --hard', 'reset', (rest) => rest.includes('--hard') || rest.includes('--merge') || rest.includes('--keep')),
  git('git clean -f', 'clean', (rest) => hasFlag(rest, 'fx', ['--force'])),
  git('git checkout -- / git restore', 'checkout', (rest) => rest.includes('--') || rest.includes('.') || hasFlag(rest, 'f', ['--force'])),
  git('git restore', 'restore', () => true),
  git('git branch -D', 'branch', (rest) => hasFlag(rest, 'D', ['--delete', '--force'])),
  git('git stash drop / clear', 'stash', (rest) => rest[0] === 'drop' || rest[0] === 'clear'),
  git('git filter-branch', 'filter-branch', () => true),
  git('git gc --prune', 'gc', (rest) => rest.some((arg) => arg.startsWith('--prune'))),
  git('git reflog expire', 'reflog', (rest) => rest[0] === 'expire' || rest[0] === 'delete'),
  { label: 'mkfs', matches: (_args, name) => name === 'mkfs' || name.startsWith('mkfs.') || name === 'mke2fs' || name === 'mkswap' },
  named('dd', ['dd']),
  named('wipefs, fdisk, parted', ['wipefs', 'fdisk', 'sfdisk', 'parted', 'gdisk']),
  named('chmod -R / chown -R', ['chmod', 'chown', 'chgrp'], (args) => hasFlag(args, 'R', ['--recursive'])),
  named('chmod 777', ['chmod'], (args) => args.some((arg) => /^0?777$|^a\+rwx$|^[ugoa]*\+s$/.test(arg))),
  named('shutdown, reboot', ['shutdown', 'reboot', 'halt', 'poweroff']),
  named('systemctl poweroff / reboot', ['systemctl'], (args) => args.some((arg) => ['poweroff', 'reboot', 'halt', 'kexec'].includes(arg))),
  named('kill -9 -1, killall, pkill', ['killall', 'pkill']),
  named('kill -1', ['kill'], (args) => args.includes('-1') && args.length > 1),
  named('crontab -r', ['crontab'], (args) => hasFlag(args, 'r')),
  named('truncate', ['truncate']),
  named('find -delete / -fprint', ['find'], (args) => args.some((arg) => ['-delete', '-fprint', '-fprint0', '-fprintf', '-fls'].includes(arg))),
  named('npm publish', ['npm', 'pnpm', 'yarn'], (args) => args[0] === 'publish' || args[0] === 'unpublish'),
];

/** Why this part is asked whatever the rules allow, or undefined when it is not on the list. */
export function alwaysAskReason(part: CommandPart): string | undefined {
  if (part.readsScriptFromInput) return `${commandName(part.words[0] ?? '')} runs whatever is piped into it (as in curl … | sh)`;
  const [first, ...args] = part.words;
  if (first === undefined) return undefined;
  const name = commandName(first);
  const hit = ALWAYS_ASK.find((entry) => entry.matches(args, name));
  return hit ? `\`${part.words.join(' ')}\` is on the always-ask list (${hit.label})` : undefined;
}
