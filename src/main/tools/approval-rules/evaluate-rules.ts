// Decides allow / ask / deny for one tool call from tools.approvals: deny beats ask beats allow; anything unclear is asked.
import picomatch from 'picomatch';
import type { ApprovalRule, ApprovalRuleDecision } from '../../../shared';
import { alwaysAskReason, gitSubcommand } from './always-ask';
import { commandName } from './command-runners';
import { normaliseWorkspacePath } from './file-path';
import { parseShellCommand, type CommandPart } from './parse-command';

export const SHELL_TOOL = 'shell';
/** File tools and the argument holding the path their rules match. */
export const FILE_TOOLS: Readonly<Record<string, string>> = { read_file: 'path', write_file: 'path', list_directory: 'path' };

export interface ApprovalDecision {
  decision: ApprovalRuleDecision;
  /** Why, in words for a person or the model (and the audit log). */
  reason: string;
  /** The tools.approvals indexes that decided, in order (empty when no rule did). */
  rules: number[];
  /** Asked because only a rule naming this exact command may allow it (the always-ask list, commands running others). */
  alwaysAsked?: boolean;
}

interface CompiledRule {
  index: number;
  rule: ApprovalRule;
  /** Shell rules: the command's words (assignments first) the call must start with. */
  words?: string[];
  /** File rules: the glob, read strictly for allow and generously (dot files, any case) for deny and ask. */
  strict?: (path: string) => boolean;
  generous?: (path: string) => boolean;
  /** Other tools' rules with `args`: argument name → its glob, read strictly (allow) and generously (deny, ask). */
  args?: Array<{ name: string; strict: (text: string) => boolean; generous: (text: string) => boolean }>;
}

export interface CompiledRules {
  rules: readonly CompiledRule[];
  /** Rules that could not be read and are left out, each saying what to change. */
  problems: string[];
}

export interface EvaluationContext {
  /**
   * The workspace-relative real path of a normalised path (symlinks followed), or null when it leads outside the
   * workspace. Without it paths are matched as written.
   */
  resolvePath?: (path: string) => string | null;
}

export function ruleLabel(index: number, rule: ApprovalRule): string {
  const args = rule.args === undefined ? '' : ` ${Object.entries(rule.args).map(([name, glob]) => `${name}=\`${glob}\``).join(' ')}`;
  const exactly = rule.exact === true ? ' exactly' : '';
  return `tools.approvals[${index}] (${rule.tool}${rule.match === undefined ? '' : ` \`${rule.match}\`${exactly}`}${args}: ${rule.decision})`;
}

/** Which tools read `args`: every tool but the shell and the file tools (whose `match` is a command or a path). */
function readsArgs(tool: string): boolean {
  return tool !== SHELL_TOOL && FILE_TOOLS[tool] === undefined && tool !== '*';
}

export async function compileApprovalRules(rules: readonly ApprovalRule[]): Promise<CompiledRules> {
  const compiled: CompiledRule[] = [];
  const problems: string[] = [];
  for (const [index, rule] of rules.entries()) {
    if (rule.exact !== undefined && (rule.tool !== SHELL_TOOL || rule.match === undefined)) {
      problems.push(`${ruleLabel(index, rule)} is left out: exact is read only on a shell rule with a match (the command it names exactly).`);
      continue;
    }
    if (rule.args !== undefined) {
      if (!readsArgs(rule.tool) || rule.match !== undefined) {
        const why = readsArgs(rule.tool) ? 'give args or match, not both' : `${rule.tool} is ruled by match (a command or a path glob), not args`;
        problems.push(`${ruleLabel(index, rule)} is left out: args are read only for MCP and other tools' arguments (${why}).`);
        continue;
      }
      const args = Object.entries(rule.args).map(([name, glob]) => ({
        name,
        strict: picomatch(glob, { dot: true }),
        generous: picomatch(glob, { dot: true, nocase: true }),
      }));
      compiled.push({ index, rule, args });
      continue;
    }
    if (rule.match === undefined) {
      compiled.push({ index, rule });
      continue;
    }
    if (rule.tool === SHELL_TOOL) {
      const parsed = await parseShellCommand(rule.match);
      const own = parsed.readable ? parsed.parts.filter((part) => part.runBy === undefined) : [];
      const first = own[0];
      if (!parsed.readable || own.length !== 1 || parsed.concerns.length > 0 || !first) {
        const why = parsed.readable ? (parsed.concerns[0] ?? 'it is more than one command') : parsed.reason;
        problems.push(`${ruleLabel(index, rule)} is left out: its match must be one plain command such as "git status" (${why}).`);
      } else compiled.push({ index, rule, words: [...first.assignments, ...first.words] });
      continue;
    }
    if (FILE_TOOLS[rule.tool] !== undefined) {
      const strict = picomatch(rule.match, { dot: false });
      const generous = picomatch(rule.match, { dot: true, nocase: true });
      compiled.push({ index, rule, strict, generous });
      continue;
    }
    problems.push(`${ruleLabel(index, rule)} is left out: match is read only for shell (a command) and ${Object.keys(FILE_TOOLS).join(', ')} (a path glob); remove match to rule every call of ${rule.tool}.`);
  }
  return { rules: compiled, problems };
}

export async function evaluateApproval(
  call: { name: string; arguments: unknown },
  compiled: CompiledRules,
  context: EvaluationContext = {},
): Promise<ApprovalDecision> {
  const rules = compiled.rules.filter((entry) => entry.rule.tool === call.name || entry.rule.tool === '*');
  const args = (call.arguments && typeof call.arguments === 'object' ? call.arguments : {}) as Record<string, unknown>;
  if (call.name === SHELL_TOOL) return evaluateShell(String(args.command ?? ''), rules);
  const pathArgument = FILE_TOOLS[call.name];
  if (pathArgument !== undefined) return evaluateFile(args[pathArgument], call.name, rules, context);
  return evaluateWhole(call.name, args, rules);
}

const ask = (reason: string, rules: number[] = []): ApprovalDecision => ({ decision: 'ask', reason, rules });

/** An argument's value as text for its glob: strings as they are, anything else as JSON; absent: undefined. */
export function argumentText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Any other tool (MCP ones): rules without `match` apply, those with `args` when every listed argument's value
 * matches its glob — strictly for allow, without regard to case for deny and ask (so `/ETC/x` cannot slip past).
 */
function evaluateWhole(tool: string, args: Record<string, unknown>, rules: readonly CompiledRule[]): ApprovalDecision {
  const applies = (entry: CompiledRule, strictly: boolean) =>
    entry.rule.match === undefined &&
    (entry.args ?? []).every((arg) => {
      const text = argumentText(args[arg.name]);
      return text !== undefined && (strictly ? arg.strict : arg.generous)(text);
    });
  for (const decision of ['deny', 'ask', 'allow'] as const) {
    const hit = rules.find((entry) => entry.rule.decision === decision && applies(entry, decision === 'allow'));
    if (hit) return { decision, reason: `${verb(decision)} by ${ruleLabel(hit.index, hit.rule)}`, rules: [hit.index] };
  }
  return ask(`no rule in tools.approvals allows ${tool}${Object.keys(args).length > 0 ? ' with these arguments' : ''}`);
}

async function evaluateShell(command: string, rules: readonly CompiledRule[]): Promise<ApprovalDecision> {
  const parsed = await parseShellCommand(command);
  if (!parsed.readable) return ask(`the command could not be read, so no rule can allow it: ${parsed.reason}`);
  for (const part of parsed.parts) {
    const denied = rules.find((entry) => entry.rule.decision === 'deny' && deniedWords(part).some((words) => startsWith(words, entry)));
    if (denied) return { decision: 'deny', reason: `denied by ${ruleLabel(denied.index, denied.rule)}: ${shown(part)}`, rules: [denied.index] };
  }
  if (parsed.concerns.length > 0) return ask(`rules allow only plain commands, and ${parsed.concerns[0]!}`);
  const used: number[] = [];
  for (const part of parsed.parts) {
    const words = [...part.assignments, ...part.words];
    const asked = rules.find((entry) => entry.rule.decision === 'ask' && startsWith(words, entry));
    if (asked) return ask(`asked by ${ruleLabel(asked.index, asked.rule)}: ${shown(part)}`, [asked.index]);
    const exact = rules.find((entry) => entry.rule.decision === 'allow' && entry.words !== undefined && sameWords(words, entry.words));
    const special = alwaysAskReason(part) ?? (part.runs ? `${shown(part)} runs other commands (${part.runs}), so only a rule naming this exact command allows it` : undefined);
    if (special !== undefined) {
      if (!exact) return { ...ask(special), alwaysAsked: true };
      used.push(exact.index);
      continue;
    }
    const allowed = exact ?? rules.find((entry) => entry.rule.decision === 'allow' && startsWith(words, entry));
    if (!allowed) return ask(`no rule in tools.approvals allows ${shown(part)}`);
    used.push(allowed.index);
  }
  const distinct = [...new Set(used)];
  return { decision: 'allow', reason: `allowed by ${distinct.map((index) => `tools.approvals[${index}]`).join(', ')}`, rules: distinct };
}

function evaluateFile(raw: unknown, tool: string, rules: readonly CompiledRule[], context: EvaluationContext): ApprovalDecision {
  const normalised = normaliseWorkspacePath(typeof raw === 'string' ? raw : '.');
  if (!normalised.ok) return ask(`rules cannot match this path: ${normalised.reason}`);
  const resolved = context.resolvePath ? context.resolvePath(normalised.path) : normalised.path;
  if (resolved === null) return ask(`${normalised.path} leads outside the workspace through a symlink`);
  // Both the path as written and where its symlinks lead must pass: a link in an allowed folder can point elsewhere.
  const paths = [...new Set([normalised.path, resolved])];
  const matches = (entry: CompiledRule, path: string, strictly: boolean) =>
    entry.rule.match === undefined || (strictly ? entry.strict : entry.generous)?.(path) === true;
  for (const decision of ['deny', 'ask'] as const) {
    const hit = rules.find((entry) => entry.rule.decision === decision && paths.some((path) => matches(entry, path, false)));
    if (hit) return { decision, reason: `${verb(decision)} by ${ruleLabel(hit.index, hit.rule)}: ${paths.join(' → ')}`, rules: [hit.index] };
  }
  const used: number[] = [];
  for (const path of paths) {
    const hit = rules.find((entry) => entry.rule.decision === 'allow' && matches(entry, path, true));
    if (!hit) return ask(`no rule in tools.approvals allows ${tool} on ${path}`);
    used.push(hit.index);
  }
  const distinct = [...new Set(used)];
  return { decision: 'allow', reason: `allowed by ${distinct.map((index) => `tools.approvals[${index}]`).join(', ')}`, rules: distinct };
}

function verb(decision: ApprovalRuleDecision): string {
  return decision === 'deny' ? 'denied' : decision === 'ask' ? 'asked' : 'allowed';
}

function startsWith(words: readonly string[], entry: CompiledRule): boolean {
  if (entry.rule.match === undefined) return true;
  const prefix = entry.words;
  if (prefix === undefined) return false;
  // An exact rule names the whole command: nothing may follow its words.
  if (entry.rule.exact === true) return sameWords(words, prefix);
  return prefix.length <= words.length && prefix.every((word, index) => words[index] === word);
}

function sameWords(words: readonly string[], other: readonly string[]): boolean {
  return words.length === other.length && words.every((word, index) => word === other[index]);
}

/**
 * A deny rule also catches the command without its assignments, by its bare name and, for git, without git's own
 * options before the subcommand (`FOO=1 /usr/bin/git -C . push`).
 */
function deniedWords(part: CommandPart): string[][] {
  const [first, ...rest] = part.words;
  const variants = [[...part.assignments, ...part.words], part.words];
  if (first === undefined) return variants;
  const name = commandName(first);
  variants.push([name, ...rest]);
  if (name === 'git') {
    const { sub, rest: after } = gitSubcommand(rest);
    if (sub !== undefined) variants.push([name, sub, ...after]);
  }
  return variants;
}

/** The part as a person would type it back: words with spaces or shell characters are quoted. */
function shown(part: CommandPart): string {
  const quote = (word: string) => (/^[\w@%+=:,./~^-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
  return `\`${[...part.assignments, ...part.words].map(quote).join(' ')}\``;
}
