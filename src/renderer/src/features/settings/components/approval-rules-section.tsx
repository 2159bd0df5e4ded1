// Settings › Approvals: the mode new conversations start in (tools.approval_mode) and the rules in tools.approvals,
// each revocable (asked first), with how rules are made when there are none.
import { useRef, useState } from 'react';
import type { ApprovalRuleEntry } from '../../../../../shared/approval-schema';
import type { ApprovalModeName } from '../../../../../shared/config-schema';
import { ApiRequestError } from '../../../../../shared/api-client';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { APPROVAL_MODES, approvalModeWords } from '../../../lib/approval-modes';
import { useApprovalRules, useRevokeRule } from '../api/approval-queries';
import { useConfig, useSaveConfig } from '../api/config-queries';
import './approvals-settings.css';

const DECISION_WORDS = { allow: 'Allow', ask: 'Ask', deny: 'Deny' } as const;

/** What a rule matches, in words: `shell` calls starting with `git status`, or its argument patterns. */
export function ruleTarget(rule: Pick<ApprovalRuleEntry, 'tool' | 'match' | 'args' | 'exact'>): string {
  const tool = rule.tool === '*' ? 'every tool' : `\`${rule.tool}\``;
  if (rule.match !== undefined && rule.tool === 'shell') {
    return rule.exact === true ? `${tool} command exactly \`${rule.match}\`` : `${tool} commands starting with \`${rule.match}\``;
  }
  if (rule.match !== undefined) return `${tool} on \`${rule.match}\``;
  const args = Object.entries(rule.args ?? {});
  if (args.length > 0) return `${tool} with ${args.map(([name, pattern]) => `\`${name}\` matching \`${pattern}\``).join(' and ')}`;
  return `${tool}, every call`;
}

function DefaultModeField() {
  const config = useConfig();
  const save = useSaveConfig();
  const mode = config.data?.config.tools.approval_mode;
  const change = (next: ApprovalModeName) => {
    if (!config.data) return;
    save.mutate({ ...config.data.config, tools: { ...config.data.config.tools, approval_mode: next } });
  };
  return (
    <div className="settings-field">
      <label htmlFor="settings-approval-mode">New conversations start in</label>
      <select id="settings-approval-mode" value={mode ?? ''} disabled={!mode || save.isPending} onChange={(event) => change(event.target.value as ApprovalModeName)} aria-describedby="settings-approval-mode-help">
        {APPROVAL_MODES.map((words) => (
          <option key={words.mode} value={words.mode}>
            {words.label}
          </option>
        ))}
      </select>
      <p id="settings-approval-mode-help" className="settings-field-help" role="status">
        {save.isError
          ? ''
          : mode
            ? `${approvalModeWords(mode).explanation}${save.isSuccess ? ' Saved to harombe.yaml (tools.approval_mode).' : ''} Each conversation can pick its own under the message box.`
            : ''}
      </p>
      {save.isError && (
        <p className="settings-field-problem" role="alert">
          Could not save the mode: {save.error.message}
        </p>
      )}
    </div>
  );
}

function RuleRow({ rule, onRevoked }: { rule: ApprovalRuleEntry; onRevoked(rule: ApprovalRuleEntry): void }) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useRevokeRule();
  const target = ruleTarget(rule);
  return (
    <li className="approval-rule">
      <div className="approval-rule-text">
        <span className={`approval-rule-decision approval-rule-${rule.decision}`}>{DECISION_WORDS[rule.decision]}</span>
        <span>
          <InlineCodeText text={target} />
        </span>
        <span className="approval-rule-label">
          <InlineCodeText text={rule.label} />
        </span>
        {rule.problem && (
          <span className="settings-field-problem">
            Not applied: <InlineCodeText text={rule.problem} />
          </span>
        )}
      </div>
      {confirming ? (
        <div className="approval-rule-confirm" role="group" aria-label={`Revoke ${rule.label}?`}>
          <p>Revoke it? It is removed from harombe.yaml at once; calls it {rule.decision === 'allow' ? 'allowed are asked again' : rule.decision === 'deny' ? 'refused are asked instead' : 'asked follow the mode'}.</p>
          <button
            type="button"
            className="button button-danger"
            disabled={revoke.isPending}
            autoFocus
            onClick={() => revoke.mutate(rule.id, { onSuccess: () => onRevoked(rule) })}
          >
            Revoke
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
          {revoke.isError && (
            <p className="settings-field-problem" role="alert">
              Could not revoke it: {revoke.error.message}
              {revoke.error instanceof ApiRequestError && revoke.error.hint ? ` ${revoke.error.hint}` : ''}
            </p>
          )}
        </div>
      ) : (
        <button type="button" className="button" aria-label={`Revoke ${rule.label}`} onClick={() => setConfirming(true)}>
          Revoke…
        </button>
      )}
    </li>
  );
}

export function ApprovalRulesSection() {
  const rules = useApprovalRules();
  const heading = useRef<HTMLHeadingElement>(null);
  const [revoked, setRevoked] = useState<string>();
  const list = rules.data?.rules ?? [];
  return (
    <section className="settings-section" aria-labelledby="settings-approvals">
      <h2 id="settings-approvals" ref={heading} tabIndex={-1}>
        Approvals
      </h2>
      <p className="settings-note">How tool calls are settled before anyone is asked. Deny beats ask beats allow.</p>
      <DefaultModeField />
      <h3 className="settings-subheading">Rules (tools.approvals)</h3>
      <p className="settings-save-status" role="status">
        {revoked ? <InlineCodeText text={`Revoked: ${revoked}.`} /> : ''}
      </p>
      {rules.isError ? (
        <p className="settings-field-problem" role="alert">
          Could not read the rules: {rules.error.message}
        </p>
      ) : !rules.data ? (
        <p className="settings-note">Reading the rules…</p>
      ) : list.length === 0 ? (
        <p className="settings-empty">
          No rules yet. A rule is made by <strong>Always allow…</strong> on an approval with <em>everywhere</em>, or written under{' '}
          <code>tools.approvals</code> in harombe.yaml.
        </p>
      ) : (
        <ul className="approval-rules" aria-label="Approval rules">
          {list.map((rule) => (
            <RuleRow
              key={rule.id}
              rule={rule}
              onRevoked={(gone) => {
                setRevoked(ruleTarget(gone));
                // The row (and its focused button) is gone: focus goes back to the section, not to the page's top.
                heading.current?.focus();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
