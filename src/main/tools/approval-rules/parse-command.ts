// Reads a shell command with a real bash parser (mvdan-sh) into the simple commands it runs and what rules cannot vouch for.
import type { Pos, ShellNode, default as ShellModule } from 'mvdan-sh';
import { commandRunner } from './command-runners';

type Syntax = (typeof ShellModule)['syntax'];

let loading: Promise<Syntax> | undefined;

/** mvdan-sh is 1.5 MB of compiled Go (~180 ms, ~20 MB to load): loaded on the first command read, not at start-up. */
function shellSyntax(): Promise<Syntax> {
  loading ??= import('mvdan-sh').then((module) => module.default.syntax);
  return loading;
}

/** One simple command the shell would run, with its words as the shell will see them (quotes and escapes removed). */
export interface CommandPart {
  words: string[];
  /** Variable assignments in front of it (`FOO=1 git status`), as written. */
  assignments: string[];
  /** This part runs other commands (`sh -c`, `env`, `xargs`, `find -exec`, `sudo` …): a prefix rule cannot vouch for it. */
  runs?: string;
  /** This part was found inside another command's arguments (`bash -lc 'git push'`): that command's name. */
  runBy?: string;
  /** `sh` or `bash` with no script: it runs whatever reaches its input (`curl … | sh`). */
  readsScriptFromInput?: boolean;
}

export type ParsedCommand =
  | {
      readable: true;
      parts: CommandPart[];
      /** Why no rule may allow this command as a whole (a substitution, a redirection into a file, a loop …). */
      concerns: string[];
    }
  | { readable: false; reason: string };

/** Deeper than this (`sh -c "bash -c 'eval …'"`) nobody writes by accident; such a command is asked. */
const MAX_NESTING = 4;

/** Command forms the rules do not read: their parts could hide commands behind conditions, loops or definitions. */
const UNREAD_FORMS: Record<string, string> = {
  IfClause: 'an if statement',
  WhileClause: 'a while or until loop',
  ForClause: 'a for loop',
  CaseClause: 'a case statement',
  FuncDecl: 'a function definition',
  DeclClause: 'a declare, export, local or readonly builtin',
  LetClause: 'a let expression',
  TestClause: 'a [[ … ]] test',
  ArithmCmd: 'an arithmetic command',
  TimeClause: 'the time keyword',
  CoprocClause: 'a coprocess',
};

const EXPANSIONS: Record<string, string> = {
  CmdSubst: 'a command substitution ($(…) or backticks)',
  ProcSubst: 'a process substitution (<(…) or >(…))',
  ParamExp: 'a variable expansion ($NAME), whose value is not known until it runs',
  ArithmExp: 'an arithmetic expansion ($((…)))',
};

/** Redirections that write a file; `>&2`-style duplications of a file descriptor write nothing new. */
const WRITING_REDIRECTS = new Set(['>', '>>', '>|', '&>', '&>>', '<>', '>&', '&>|']);
const HARMLESS_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);

export async function parseShellCommand(source: string): Promise<ParsedCommand> {
  const syntax = await shellSyntax();
  const concerns = new Set<string>();
  const parts: CommandPart[] = [];
  const problem = readInto(syntax, source, 0, undefined, parts, concerns);
  if (problem !== undefined) return { readable: false, reason: problem };
  if (parts.length === 0) return { readable: false, reason: 'it contains no command' };
  return { readable: true, parts, concerns: [...concerns] };
}

/** Parses `source` and adds its parts; returns why it could not be read, if it could not. */
function readInto(syntax: Syntax, source: string, depth: number, runBy: string | undefined, parts: CommandPart[], concerns: Set<string>): string | undefined {
  if (depth > MAX_NESTING) return `it nests commands inside commands more than ${MAX_NESTING} levels deep`;
  let file;
  try {
    file = syntax.NewParser().Parse(source, '');
  } catch (error) {
    return `the shell cannot parse it (${goErrorMessage(error)})`;
  }
  const text = sourceText(source);
  let problem: string | undefined;
  syntax.Walk(file, (node) => {
    if (!node || problem !== undefined) return false;
    const type = syntax.NodeType(node);
    const form = UNREAD_FORMS[type];
    if (form) concerns.add(`it uses ${form}, which approval rules do not read`);
    const expansion = EXPANSIONS[type];
    if (expansion) concerns.add(`it contains ${expansion}`);
    if (type === 'SglQuoted' && node.Dollar) concerns.add("it uses $'…' quoting, whose text is decoded only when it runs");
    if (type === 'Word' && hasBraceExpansion(syntax, node)) concerns.add('it uses brace expansion ({a,b}), which turns one word into several');
    if (type === 'Redirect') {
      const concern = redirectConcern(syntax, node, text);
      if (concern) concerns.add(concern);
    }
    if (type === 'CallExpr') problem = addCall(syntax, node, text, depth, runBy, parts, concerns);
    return true;
  });
  return problem;
}

function addCall(syntax: Syntax, call: ShellNode, text: SourceText, depth: number, runBy: string | undefined, parts: CommandPart[], concerns: Set<string>): string | undefined {
  const words = (call.Args as ShellNode[]).map((word) => literalWord(syntax, word) ?? text.of(word));
  const assignments = (call.Assigns as ShellNode[]).map((assign) => text.of(assign));
  const part: CommandPart = { words, assignments, ...(runBy ? { runBy } : {}) };
  parts.push(part);
  return addInner(syntax, part, depth, parts, concerns);
}

/** For a command that runs another (`bash -lc '…'`, `xargs rm`), adds the commands it runs as parts of their own. */
function addInner(syntax: Syntax, part: CommandPart, depth: number, parts: CommandPart[], concerns: Set<string>): string | undefined {
  const runner = commandRunner(part.words);
  if (!runner) return undefined;
  part.runs = runner.name;
  if (runner.readsScriptFromInput) part.readsScriptFromInput = true;
  for (const script of runner.scripts) {
    const problem = readInto(syntax, script, depth + 1, runner.name, parts, concerns);
    if (problem !== undefined) return `${runner.name} runs a script that ${problem.replace(/^it /, '').replace(/^the shell cannot parse it /, 'the shell cannot parse ')}`;
  }
  for (const words of runner.commands) {
    if (words.length === 0) continue;
    const inner: CommandPart = { words, assignments: [], runBy: runner.name };
    parts.push(inner);
    const problem = addInner(syntax, inner, depth + 1, parts, concerns);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function redirectConcern(syntax: Syntax, redirect: ShellNode, text: SourceText): string | undefined {
  const target = redirect.Word as ShellNode | null;
  if (!target) return undefined;
  const op = text.between((redirect.OpPos as Pos).Offset(), target.Pos().Offset()).trim();
  if (!WRITING_REDIRECTS.has(op)) return undefined;
  const file = literalWord(syntax, target) ?? text.of(target);
  // `>&2` duplicates, `>&-` closes, `>&3-` moves a file descriptor: none of them opens a file.
  if ((op === '>&' || op === '<&') && /^(\d+-?|-)$/.test(file)) return undefined;
  if (HARMLESS_TARGETS.has(file)) return undefined;
  return `it writes to ${file} through a redirection (${op})`;
}

/** The word's text once the shell has removed quotes and escapes, or undefined when part of it is only known at run time. */
function literalWord(syntax: Syntax, word: ShellNode): string | undefined {
  let value = '';
  for (const part of word.Parts as ShellNode[]) {
    const type = syntax.NodeType(part);
    if (type === 'Lit') value += unescapeUnquoted(part.Value as string);
    else if (type === 'SglQuoted' && !part.Dollar) value += part.Value as string;
    else if (type === 'DblQuoted') {
      for (const inner of part.Parts as ShellNode[]) {
        if (syntax.NodeType(inner) !== 'Lit') return undefined;
        value += unescapeDoubleQuoted(inner.Value as string);
      }
    } else return undefined;
  }
  return value;
}

/** bash expands an unquoted `{a,b}` or `{1..3}` into several words: `{rm,-rf,~}` is `rm -rf ~`. */
function hasBraceExpansion(syntax: Syntax, word: ShellNode): boolean {
  return (word.Parts as ShellNode[]).some((part) => syntax.NodeType(part) === 'Lit' && /\{[^}]*(,|\.\.)[^}]*\}/.test(part.Value as string));
}

function unescapeUnquoted(value: string): string {
  return value.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1');
}

function unescapeDoubleQuoted(value: string): string {
  return value.replace(/\\\n/g, '').replace(/\\([\\$`"])/g, '$1');
}

interface SourceText {
  of(node: ShellNode): string;
  between(start: number, end: number): string;
}

/** mvdan-sh reports byte offsets (it is Go), so text is cut from the UTF-8 bytes, not the string. */
function sourceText(source: string): SourceText {
  const bytes = Buffer.from(source, 'utf8');
  const between = (start: number, end: number) => bytes.subarray(start, end).toString('utf8');
  return { between, of: (node) => between(node.Pos().Offset(), node.End().Offset()) };
}

function goErrorMessage(error: unknown): string {
  if (error && typeof error === 'object' && 'Error' in error && typeof error.Error === 'function') return String(error.Error());
  return error instanceof Error ? error.message : String(error);
}
