// Whether a valid tool call runs, waits for a person, or is refused, and who decided: approval as data, decided before anything runs.
import type { ApprovalModeName, AuditDecider } from '../../shared';
import type { Attendance } from './contracts';

export type ApprovalVerdict = 'run' | 'ask' | 'refuse';

export interface ApprovalPolicy {
  /** The conversation's approval mode (tools.approval_mode unless it chose its own). */
  mode: ApprovalModeName;
  /** Whether a person can be asked here. */
  attendance: Attendance;
  /** tools.confirm_dangerous: false means dangerous tools never wait for a person (in ask mode). */
  confirmDangerous: boolean;
}

/** What the rules (tools.approvals, and "always allow" given in this conversation) said about one call. */
export interface RuledCall {
  name: string;
  dangerous: boolean;
  decision: 'allow' | 'ask' | 'deny';
  /** Why, in words: "no rule in tools.approvals allows `git push`", "denied by tools.approvals[1] (…)". */
  reason: string;
  /** A rule decided (allow, deny, or an `ask` rule), not the absence of one. */
  byRule: boolean;
  /** Only a rule naming this exact command allows it (the built-in always-ask list, commands that run others). */
  alwaysAsked: boolean;
  /** Allowed or denied by a rule: which (a tools.approvals label, or "always allow" in words). */
  decider?: AuditDecider;
  /** Allowed only by "always allow" given in this conversation (it holds only while a person is attending). */
  byGrant?: boolean;
}

export interface Settlement {
  verdict: ApprovalVerdict;
  /** Who settled it, for the audit log (asked calls are settled later, by the answer). */
  decidedBy: AuditDecider;
  /** For a call that needs a person: why, in a sentence the approval shows. */
  askedBecause?: string;
}

export function approvalVerdict(call: RuledCall, policy: ApprovalPolicy): Settlement {
  const { mode } = policy;
  if (call.decision === 'deny') return { verdict: 'refuse', decidedBy: call.decider ?? { kind: 'rule' } };
  if (mode === 'trusted') return { verdict: 'run', decidedBy: { kind: 'mode', mode } };
  // "Always allow" was given to a person watching, not to an unattended script.
  const allowed = call.decision === 'allow' && !(call.byGrant && policy.attendance === 'deny');
  if (allowed) return { verdict: 'run', decidedBy: call.decider ?? { kind: 'rule' } };
  const askedByRule = call.decision === 'ask' && call.byRule;
  if (!askedByRule) {
    if (!call.dangerous && mode === 'ask') return { verdict: 'run', decidedBy: { kind: 'mode', mode } };
    if (call.dangerous && !policy.confirmDangerous && mode === 'ask') return { verdict: 'run', decidedBy: { kind: 'config' } };
  }
  const askedBecause = whyAsked(call, mode, askedByRule);
  if (policy.attendance === 'deny') return { verdict: 'refuse', decidedBy: { kind: 'unattended' }, askedBecause };
  // Attendance 'allow' is `harombe chat --yes`: the person at the CLI approved ahead, as `--yes` over --server answers.
  if (policy.attendance === 'allow') return { verdict: 'run', decidedBy: { kind: 'person', surface: 'cli' }, askedBecause };
  return { verdict: 'ask', decidedBy: { kind: 'person' }, askedBecause };
}

function whyAsked(call: RuledCall, mode: ApprovalModeName, askedByRule: boolean): string {
  if (askedByRule || call.alwaysAsked) return call.reason;
  if (mode === 'rules_only') return `this conversation is in rules-only mode and ${call.reason}`;
  return `${call.name} is dangerous and ${call.reason}`;
}
