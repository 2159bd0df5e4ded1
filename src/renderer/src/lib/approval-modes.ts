// The four approval modes in words, the same in the chat's picker and in Settings (tools.approval_mode's meanings).
import type { ApprovalModeName } from '../../../shared/config-schema';

export interface ApprovalModeWords {
  mode: ApprovalModeName;
  label: string;
  /** One line: what happens to a tool call in this mode. */
  explanation: string;
}

export const APPROVAL_MODES: readonly ApprovalModeWords[] = [
  { mode: 'ask', label: 'Ask', explanation: 'Safe tools run; anything dangerous waits for you unless a rule allows it.' },
  { mode: 'rules_only', label: 'Rules only', explanation: 'Only what a rule allows runs; every other call, safe ones too, waits for you.' },
  { mode: 'trusted', label: 'Trusted', explanation: 'Every tool runs without asking; only deny rules still refuse.' },
  { mode: 'chat_only', label: 'Chat only', explanation: 'No tools at all: the model only talks.' },
];

export function approvalModeWords(mode: ApprovalModeName): ApprovalModeWords {
  return APPROVAL_MODES.find((words) => words.mode === mode) ?? APPROVAL_MODES[0]!;
}
