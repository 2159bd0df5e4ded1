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

export function approvalVerdict(call: { name: string; dangerous: boolean }, policy: ApprovalPolicy): ApprovalVerdict {
  if (!call.dangerous || !policy.confirmDangerous || policy.mode === 'allow') return 'run';
  // Where no one can be asked, dangerous tools are refused, even ones allowed earlier in this conversation:
  // "always allow" was given to a person watching, not to an unattended script.
  if (policy.mode === 'deny') return 'refuse';
  return policy.alwaysAllow.includes(call.name) ? 'run' : 'ask';
}
