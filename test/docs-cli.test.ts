// Every command line README.md and docs/cli.md show (`harombe …` or `npx harombe …`, in code blocks and inline code)
// parses against the real command tree: the command exists and every option is known. Parsed in-process by commander
// with the actions never run, so a renamed command or option fails here instead of in a new user's terminal.
import { readFileSync } from 'node:fs';
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../src/cli/program';

interface DocumentedCommand {
  where: string;
  line: string;
  /** Inline code names a command ("`harombe cluster rm`") and may leave out its arguments; a shell line must not. */
  mention: boolean;
}

const DOCUMENTS = ['README.md', 'docs/cli.md'];
const INVOCATION = /^(?:[A-Z_]+=\S+\s+)*(?:npx\s+)?harombe(?:\s|$)/;

/** The harombe invocation inside a shell line: after a pipe, without the comment, env assignments or `npx`. */
function harombePart(shellLine: string): string | undefined {
  const withoutComment = shellLine.replace(/\s+#\s.*$/, '').trim();
  const segment = withoutComment
    .split(/\s\|\s/)
    .map((part) => part.trim())
    .find((part) => INVOCATION.test(part));
  return segment?.replace(/^(?:[A-Z_]+=\S+\s+)*(?:npx\s+)?/, '');
}

function documentedCommands(name: string, text: string): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  let fence: string | undefined;
  text.split('\n').forEach((raw, index) => {
    const where = `${name}:${index + 1}`;
    const fenceMatch = /^\s*```(\w*)/.exec(raw);
    if (fenceMatch) {
      fence = fence === undefined ? fenceMatch[1] : undefined;
      return;
    }
    const isShell = fence !== undefined && ['bash', 'sh', 'shell', 'console', ''].includes(fence);
    if (fence !== undefined && !isShell) return;
    if (isShell) {
      const command = harombePart(raw);
      if (command) found.push({ where, line: command, mention: false });
    }
    // Inline code, including inside a shell block's comment ("# also `harombe models remove`").
    for (const [, span] of raw.matchAll(/`([^`]+)`/g)) {
      // `harombe models pull …`: what follows the ellipsis is left to the reader.
      const command = INVOCATION.test(span!) ? harombePart(span!)?.replace(/\s*….*$/, '') : undefined;
      // The bare name ("the `harombe` command", "`harombe …`") is a name, not a command line.
      if (command && command !== 'harombe') found.push({ where, line: command, mention: true });
    }
  });
  return found;
}

/** Shell words, quotes removed; a synopsis's `[--json]` brackets are dropped so its options are checked too. */
function words(line: string): string[] {
  const result: string[] = [];
  for (const [, double, single, bare] of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    const word = double ?? single ?? bare!.replace(/^\[+|\]+$/g, '');
    if (word !== '') result.push(word);
  }
  return result;
}

class Parsed extends Error {}

function silence(command: Command): void {
  command.configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  for (const child of command.commands) silence(child);
}

const MISSING_VALUES = ['commander.missingArgument', 'commander.missingMandatoryOptionValue', 'commander.optionMissingArgument'];

/** Undefined when the real program accepts `line`; otherwise commander's complaint. */
async function parseProblem(line: string, { mention = false } = {}): Promise<string | undefined> {
  const program = createProgram();
  silence(program);
  // preAction runs after commander has checked the command, options and arguments, and before the action.
  program.hook('preAction', () => {
    throw new Parsed();
  });
  try {
    await program.parseAsync(words(line).slice(1), { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof Parsed) return undefined;
    // A command with subcommands and no action of its own shows its help: it exists.
    if (error instanceof CommanderError && ['commander.help', 'commander.helpDisplayed', 'commander.version'].includes(error.code)) return undefined;
    if (mention && error instanceof CommanderError && MISSING_VALUES.includes(error.code)) return undefined;
    return error instanceof Error ? error.message : String(error);
  }
}

describe('command lines in the docs', () => {
  const documented = DOCUMENTS.flatMap((name) => documentedCommands(name, readFileSync(new URL(`../${name}`, import.meta.url), 'utf8')));

  it('finds the command lines (code blocks, inline code and synopses)', () => {
    const lines = documented.map((command) => command.line);
    expect(lines).toContain('harombe init');
    expect(lines).toContain('harombe chat -m "list big files" --json');
    expect(lines).toContain('harombe cluster metrics [--node NAME] [--json]');
    expect(documented.length).toBeGreaterThan(40);
  });

  it('all parse against the real CLI: the command exists and every option is known', async () => {
    const problems: string[] = [];
    for (const { where, line, mention } of documented) {
      const problem = await parseProblem(line, { mention });
      if (problem) problems.push(`${where}: ${line} — ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('would catch a renamed command, an unknown option and a stray argument', async () => {
    expect(await parseProblem('harombe cluster stats')).toMatch(/unknown command/);
    expect(await parseProblem('harombe chat --jsn')).toMatch(/unknown option/);
    expect(await parseProblem('harombe doctor now')).toMatch(/too many arguments/);
    expect(await parseProblem('harombe cluster add')).toMatch(/missing required argument/);
    expect(await parseProblem('harombe models rm')).toMatch(/missing required argument/);
    expect(await parseProblem('harombe models rm', { mention: true })).toBeUndefined();
    expect(await parseProblem('harombe cluster erase', { mention: true })).toMatch(/unknown command/);
  });
});
