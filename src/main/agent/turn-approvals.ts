// One turn's approvals: the rules and "always allow" grants read for each call, the mode, the question to a person, and the audit line.
import { isDeepStrictEqual } from 'node:util';
import type { AgentEvent, AlwaysAllowRule, ApprovalModeName, AuditDecider, AuditEntry, ConfirmRequiredEvent, Conversation, FileChange, ToolCall } from '../../shared';
import { alwaysAllowOptions, compileApprovalRules, evaluateApproval, ruleLabel, workspacePathResolver } from '../tools/approval-rules';
import type { ToolResult } from '../tools/tool';
import type { AgentTurnServices } from './agent-turn';
import { approvalVerdict, type RuledCall } from './approval-policy';
import type { ConfirmationOutcome, ConfirmationTicket } from './confirmation-broker';
import type { TurnInput } from './contracts';

/** A valid call as the registry prepared it. */
export interface PreparedCall {
  call: ToolCall;
  arguments: unknown;
  dangerous: boolean;
  description: string;
  server?: string;
}

/** How a call was settled: it runs, or it is refused with what the model is told. */
export type CallSettlement =
  | { run: true; decidedBy: AuditDecider; audited: boolean }
  | { run: false; decidedBy: AuditDecider; audited: boolean; output: string };

function duration(ms: number): string {
  const minutes = ms / 60_000;
  if (Number.isInteger(minutes)) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const seconds = Math.round(ms / 1000);
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

function refusal(outcome: ConfirmationOutcome, description: string, timeoutMs: number): string | undefined {
  if (outcome.decision !== 'deny') return undefined;
  switch (outcome.reason) {
    case 'answered':
    case 'covered':
      return `The user declined to run ${description}.`;
    case 'expired':
      return `No one approved ${description} within ${duration(timeoutMs)}, so it was not run.`;
    case 'cancelled':
      return `${description} was not run: the user cancelled the request.`;
    case 'disposed':
      return `${description} was not run: harombe is shutting down.`;
  }
}

/** Who settled an asked call, from how its confirmation ended. */
function deciderOf(outcome: ConfirmationOutcome): AuditDecider {
  const surface = outcome.surface ? { surface: outcome.surface } : {};
  switch (outcome.reason) {
    case 'answered':
      return { kind: 'person', ...surface };
    case 'covered':
      return { kind: 'always_allow', ...surface, ...(outcome.grant ? { rule: outcome.grant.label } : {}) };
    case 'expired':
      return { kind: 'timeout' };
    case 'cancelled':
    case 'disposed':
      return { kind: 'cancelled' };
  }
}

/** An "always allow" rule in words, for the audit log: `shell \`git status\``. */
function grantWords(rule: AlwaysAllowRule): string {
  const args = rule.args ? ` ${Object.entries(rule.args).map(([name, glob]) => `${name}=\`${glob}\``).join(' ')}` : '';
  return `${rule.tool}${rule.match === undefined ? '' : ` \`${rule.match}\``}${args}`;
}

export class TurnApprovals {
  /** Rules given "everywhere" while this turn runs: harombe.yaml has them, this turn's compiled rules do not yet. */
  private readonly everywhere: AlwaysAllowRule[] = [];
  private readonly subscriptions: Array<{ dispose(): void }>;

  constructor(
    private readonly services: AgentTurnServices,
    private readonly conversation: Conversation,
    private readonly input: TurnInput,
  ) {
    if (input.approvalMode !== undefined) conversation.approval_mode = input.approvalMode;
    const { broker } = services;
    this.subscriptions = [
      broker.onDidGrant((grant) => {
        if (grant.where === 'everywhere') this.add(this.everywhere, grant.rule);
        else if (grant.conversationId === conversation.id) this.add(conversation.always_allow, grant.rule);
      }),
      broker.onDidChangeMode((change) => {
        if (change.conversationId !== conversation.id) return;
        if (change.mode === undefined) delete conversation.approval_mode;
        else conversation.approval_mode = change.mode;
      }),
    ];
  }

  /** The mode this conversation's next call is settled in. */
  get mode(): ApprovalModeName {
    return this.conversation.approval_mode ?? this.services.config.approvalMode ?? 'ask';
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** Settles a valid call: rules, mode and attendance first; a person only when they leave it open. */
  async *settle(prepared: PreparedCall, signal: AbortSignal, preview: () => Promise<FileChange | undefined>): AsyncGenerator<AgentEvent, CallSettlement, undefined> {
    const { call } = prepared;
    const ruled = await this.evaluate(call.name, prepared.arguments, prepared.dangerous);
    const audited = prepared.dangerous || ruled.byRule;
    const settlement = approvalVerdict(ruled, { mode: this.mode, attendance: this.input.attendance, confirmDangerous: this.services.config.confirmDangerous });
    if (settlement.verdict === 'run') return { run: true, decidedBy: settlement.decidedBy, audited };
    if (settlement.verdict === 'refuse') {
      const output =
        ruled.decision === 'deny'
          ? `${prepared.description} was not run: ${ruled.reason}. The user's approval rules forbid it; do not try another way to do the same, tell the user.`
          : `${prepared.description} was not run: it needs a person's approval, and no one can be asked here.`;
      return { run: false, decidedBy: settlement.decidedBy, audited, output };
    }
    const fileChange = await preview();
    // An `ask` rule asks every time: offering to always allow would not be honoured.
    const options = ruled.byRule ? [] : await alwaysAllowOptions({ name: call.name, arguments: prepared.arguments }, ruled.alwaysAsked);
    const ticket = this.services.broker.request({
      conversationId: this.conversation.id,
      toolCall: { id: call.id, name: call.name, arguments: prepared.arguments },
      description: prepared.description,
      ...(fileChange ? { fileChange } : {}),
      ...(settlement.askedBecause ? { askedBecause: settlement.askedBecause } : {}),
      alwaysAllowOptions: options,
      coveredBy: async (rule) => (await this.evaluate(call.name, prepared.arguments, prepared.dangerous, [rule])).decision === 'allow',
      signal,
    });
    // Announced before waiting, so whoever reads the stream can answer it.
    yield confirmRequiredEvent(ticket);
    const outcome = await ticket.outcome;
    const decidedBy = deciderOf(outcome);
    const refused = refusal(outcome, prepared.description, this.services.broker.timeoutMs);
    if (refused !== undefined) return { run: false, decidedBy, audited: true, output: refused };
    if (outcome.decision === 'always_allow' && outcome.reason === 'answered') {
      const grant = outcome.grant?.rule ?? options[0]?.rule;
      if (grant) this.add(outcome.grant?.where === 'everywhere' ? this.everywhere : this.conversation.always_allow, grant);
    }
    return { run: true, decidedBy, audited: true };
  }

  /** Tells the audit sink of a settled call: after it ran for an allowed one. */
  record(prepared: PreparedCall, settlement: CallSettlement, result?: ToolResult, ms?: number): void {
    const { audit, clock } = this.services;
    if (!audit || !settlement.audited) return;
    const entry: AuditEntry = {
      time: clock().toISOString(),
      conversation_id: this.conversation.id,
      tool_call_id: prepared.call.id,
      tool: prepared.call.name,
      ...(prepared.server ? { server: prepared.server } : {}),
      arguments: prepared.arguments,
      dangerous: prepared.dangerous,
      decision: settlement.run ? 'allowed' : 'denied',
      decided_by: settlement.decidedBy,
      ...(settlement.run && result ? { ok: result.ok, exit_code: result.exitCode ?? null, duration_ms: ms ?? 0 } : {}),
    };
    audit.record(entry);
  }

  private add(list: AlwaysAllowRule[], rule: AlwaysAllowRule): void {
    if (!list.some((kept) => isDeepStrictEqual(kept, rule))) list.push(rule);
  }

  /** tools.approvals, then the rules given "always allow" (this conversation's, everywhere's since the turn began, `more`). */
  private async evaluate(name: string, args: unknown, dangerous: boolean, more: AlwaysAllowRule[] = []): Promise<RuledCall> {
    const configured = this.services.config.approvalRules ?? { rules: [], problems: [] };
    const offset = Math.max(-1, ...configured.rules.map((entry) => entry.index)) + 1;
    const granted = [
      ...this.conversation.always_allow.map((rule) => ({ rule, label: `always allow in this conversation: ${grantWords(rule)}`, conversation: true })),
      ...[...this.everywhere, ...more].map((rule) => ({ rule, label: `always allow: ${grantWords(rule)}`, conversation: false })),
    ];
    const compiledGrants = await compileApprovalRules(granted.map(({ rule }) => ({ ...rule, decision: 'allow' as const })));
    const rules = [...configured.rules, ...compiledGrants.rules.map((entry) => ({ ...entry, index: entry.index + offset }))];
    const decision = await evaluateApproval({ name, arguments: args }, { rules, problems: [] }, { resolvePath: workspacePathResolver(this.services.workspace) });
    const labels = decision.rules.map((index) => {
      const own = configured.rules.find((entry) => entry.index === index);
      return own ? { label: ruleLabel(index, own.rule), grant: undefined } : { label: granted[index - offset]?.label ?? 'always allow', grant: granted[index - offset] };
    });
    const grants = labels.filter((entry) => entry.grant !== undefined);
    const byRule = decision.rules.length > 0;
    const decider: AuditDecider | undefined = !byRule
      ? undefined
      : grants.length > 0
        ? { kind: 'always_allow', rule: labels.map((entry) => entry.label).join('; ') }
        : { kind: 'rule', rule: labels.map((entry) => entry.label).join('; ') };
    return {
      name,
      dangerous,
      decision: decision.decision,
      reason: decision.reason,
      byRule,
      alwaysAsked: decision.alwaysAsked === true,
      ...(decider ? { decider } : {}),
      byGrant: grants.some((entry) => entry.grant?.conversation === true),
    };
  }
}

function confirmRequiredEvent({ confirmation }: ConfirmationTicket): ConfirmRequiredEvent {
  return {
    type: 'confirm_required',
    confirmation_id: confirmation.confirmation_id,
    conversation_id: confirmation.conversation_id,
    tool_call: confirmation.tool_call,
    description: confirmation.description,
    expires_at: confirmation.expires_at,
    ...(confirmation.file_change ? { file_change: confirmation.file_change } : {}),
    ...(confirmation.asked_because ? { asked_because: confirmation.asked_because } : {}),
    ...(confirmation.always_allow_options ? { always_allow_options: confirmation.always_allow_options } : {}),
  };
}
