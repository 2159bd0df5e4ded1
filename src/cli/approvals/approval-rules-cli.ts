// `harombe approvals list | add | rm`: the approval rules (tools.approvals), through the running server (applied at
// once) or, when none runs, in harombe.yaml itself (comments kept; read at the next start).
import type { ApiClient, ApprovalRule, ApprovalRuleEntry } from '../../shared';
import { approvalRuleSchema } from '../../shared';
import { applyConfigChanges, loadConfig, updateConfigFile } from '../../main/config';
import { approvalRuleEntries, sameApprovalRule } from '../../main/tools/approval-rules';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli-error';

export interface ApprovalsDependencies {
  stdout: NodeJS.WritableStream;
  /** The running server's URL, or undefined when none answers. */
  findRunningServer: (configPath: string) => Promise<string | undefined>;
  /** Asks the running server (askServer in real use). */
  askServer: <T>(baseUrl: string, ask: (client: ApiClient, signal: AbortSignal) => Promise<T>) => Promise<T>;
}

/** Where the rules were read or changed, said after each command. */
const where = (server: string | undefined, path: string) =>
  server ? `the running harombe (${server}); saved to ${path}` : `${path} (no harombe running: it applies at the next start)`;

async function fileEntries(path: string): Promise<{ rules: ApprovalRuleEntry[]; mode: string }> {
  const { config } = await loadConfig(path);
  return { rules: await approvalRuleEntries(config.tools.approvals), mode: config.tools.approval_mode };
}

function describeRule(rule: ApprovalRule): string {
  const args = rule.args ? Object.entries(rule.args).map(([name, glob]) => `${name}=${glob}`).join(' ') : '';
  return [rule.tool, rule.match ?? '', rule.exact === true ? '(exactly)' : '', args].filter((part) => part !== '').join('  ');
}

export function renderRules(rules: readonly ApprovalRuleEntry[], mode: string): string[] {
  if (rules.length === 0) return ['No approval rules (tools.approvals is empty): every dangerous call is asked.', `Default mode: ${mode}.`];
  const width = Math.max(...rules.map((rule) => rule.id.length), 2);
  const lines = [`${'ID'.padEnd(width)}  #   DECISION  RULE`];
  for (const rule of rules) {
    lines.push(`${rule.id.padEnd(width)}  ${String(rule.index).padEnd(3)} ${rule.decision.padEnd(8)}  ${describeRule(rule)}`);
    if (rule.problem) lines.push(`${' '.repeat(width + 2)}⚠ ${rule.problem}`);
  }
  lines.push(`Default mode: ${mode}.`);
  return lines;
}

export async function listApprovals(path: string, options: { json?: boolean }, dependencies: ApprovalsDependencies): Promise<number> {
  const server = await dependencies.findRunningServer(path);
  const { rules, mode } = server
    ? await dependencies.askServer(server, async (client, signal) => {
        const listed = await client.call('approvals.rules.list', { signal });
        return { rules: listed.rules, mode: listed.approval_mode };
      })
    : await fileEntries(path);
  const lines = options.json ? [JSON.stringify({ rules, approval_mode: mode }, null, 2)] : renderRules(rules, mode);
  dependencies.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

/** `add allow shell "git status"`, `add deny fs__write_file --arg path=/etc/**` → a rule, or a usage error. */
export function ruleFrom(decision: string, tool: string, match: string | undefined, args: readonly string[], exact = false): ApprovalRule {
  const pairs = args.map((pair) => {
    const at = pair.indexOf('=');
    if (at < 1) throw new CliError(`--arg ${pair} is not NAME=GLOB`, EXIT_USAGE, 'for example --arg path="notes/**"');
    return [pair.slice(0, at), pair.slice(at + 1)] as const;
  });
  const parsed = approvalRuleSchema.safeParse({
    tool,
    decision,
    ...(match !== undefined ? { match } : {}),
    ...(exact ? { exact: true } : {}),
    ...(pairs.length > 0 ? { args: Object.fromEntries(pairs) } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`not a rule: ${issue?.path.join('.') || 'rule'}: ${issue?.message ?? 'invalid'}`, EXIT_USAGE, 'decision is allow, ask or deny: harombe approvals add allow shell "git status"');
  }
  return parsed.data;
}

export async function addApproval(path: string, rule: ApprovalRule, dependencies: ApprovalsDependencies): Promise<number> {
  const server = await dependencies.findRunningServer(path);
  let entry: ApprovalRuleEntry;
  if (server) {
    entry = await dependencies.askServer(server, (client, signal) => client.call('approvals.rules.add', { input: rule, signal }));
  } else {
    const { config } = await loadConfig(path);
    if (!config.tools.approvals.some((kept) => sameApprovalRule(kept, rule))) {
      const after = { ...config, tools: { ...config.tools, approvals: [...config.tools.approvals, rule] } };
      await updateConfigFile(path, (document) => applyConfigChanges(document, config, after));
    }
    entry = (await fileEntries(path)).rules.find((candidate) => sameApprovalRule(candidate, rule))!;
  }
  dependencies.stdout.write(`added ${entry.id}: ${entry.label}\n  in ${where(server, path)}\n`);
  if (entry.problem) dependencies.stdout.write(`⚠ ${entry.problem}\n`);
  return EXIT_OK;
}

export async function removeApproval(path: string, id: string, dependencies: ApprovalsDependencies): Promise<number> {
  const server = await dependencies.findRunningServer(path);
  let removed: ApprovalRuleEntry;
  if (server) {
    removed = (await dependencies.askServer(server, (client, signal) => client.call('approvals.rules.remove', { params: { id }, signal }))).rule;
  } else {
    const { config } = await loadConfig(path);
    const found = (await approvalRuleEntries(config.tools.approvals)).find((entry) => entry.id === id);
    if (!found) throw new CliError(`no approval rule has the id "${id}"`, EXIT_FAILURE, '`harombe approvals list` shows the ids.');
    const after = { ...config, tools: { ...config.tools, approvals: config.tools.approvals.filter((_, index) => index !== found.index) } };
    await updateConfigFile(path, (document) => applyConfigChanges(document, config, after));
    removed = found;
  }
  dependencies.stdout.write(`removed ${removed.id}: ${removed.label}\n  from ${where(server, path)}\n`);
  return EXIT_OK;
}
