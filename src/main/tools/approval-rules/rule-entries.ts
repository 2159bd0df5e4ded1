// tools.approvals as the rules API and `harombe approvals` list them: a stable id, the index, the label, any problem.
import { createHash } from 'node:crypto';
import type { ApprovalRule, ApprovalRuleEntry } from '../../../shared';
import { compileApprovalRules, ruleLabel } from './evaluate-rules';

/** A digest of what a rule says, so its id survives other rules being added or removed before it. */
function digest(rule: ApprovalRule): string {
  const args = rule.args ? Object.fromEntries(Object.entries(rule.args).sort(([a], [b]) => a.localeCompare(b))) : null;
  // `exact` joins the digest only when set, so the ids of rules written before it existed stay the same.
  const said = [rule.tool, rule.match ?? null, args, rule.decision, ...(rule.exact === true ? ['exact'] : [])];
  return createHash('sha256').update(JSON.stringify(said)).digest('hex').slice(0, 10);
}

/** Each rule's id: its digest, with `-2`, `-3` … for repeats of the same rule. */
export function approvalRuleIds(rules: readonly ApprovalRule[]): string[] {
  const seen = new Map<string, number>();
  return rules.map((rule) => {
    const id = digest(rule);
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? id : `${id}-${count}`;
  });
}

/** Two rules that say the same thing (the same id but for repeats). */
export function sameApprovalRule(a: ApprovalRule, b: ApprovalRule): boolean {
  return digest(a) === digest(b);
}

export async function approvalRuleEntries(rules: readonly ApprovalRule[]): Promise<ApprovalRuleEntry[]> {
  const compiled = await compileApprovalRules(rules);
  const ids = approvalRuleIds(rules);
  return rules.map((rule, index) => {
    const label = ruleLabel(index, rule);
    const problem = compiled.problems.find((text) => text.startsWith(`${label} `));
    return { ...rule, id: ids[index]!, index, label, ...(problem ? { problem } : {}) };
  });
}
