// Whether a valid tool call runs, waits for a person, or is refused: approval as data, decided before anything runs.
import type { ApprovalMode } from './contracts';

export type ApprovalVerdict = 'run' | 'ask' | 'refuse';

export interface ApprovalPolicy {
  mode: ApprovalMode;
  /** tools.confirm_dangerous: false means dangerous tools never wait for a person. */
  confirmDangerous: boolean;
  /** Tools the person chose "always allow" for in this conversation. */
  alwaysAllow: readonly string[];
}

/** `allowedByRule`: a tools.approvals rule allows this very call (deny rules are settled before this is asked). */
export function approvalVerdict(call: { name: string; dangerous: boolean; allowedByRule?: boolean }, policy: ApprovalPolicy): ApprovalVerdict {
  if (!call.dangerous || !policy.confirmDangerous || policy.mode === 'allow') return 'run';
  // A rule was written by the person ahead of time, so it holds where no one can be asked too.
  if (call.allowedByRule) return 'run';
  // Where no one can be asked, dangerous tools are refused, even ones allowed earlier in this conversation:
  // "always allow" was given to a person watching, not to an unattended script.
  if (policy.mode === 'deny') return 'refuse';
  return policy.alwaysAllow.includes(call.name) ? 'run' : 'ask';
}
