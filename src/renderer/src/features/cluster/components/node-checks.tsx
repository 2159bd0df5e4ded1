// A node test's checks (reachable, auth, model, completion) as ✓ / ✗ / skipped, each failure with its fix; the tier suggested.
import type { NodeCheckName, NodeTestResult } from '../../../../../shared/cluster-schema';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { TierSuggestion } from './tier-suggestion';

const CHECK_WORDS: Record<NodeCheckName, string> = {
  reachable: 'Reachable',
  auth: 'Token accepted',
  model: 'Model there',
  completion: 'Answers a prompt',
};

const MARKS = { pass: '✓', fail: '✗', skip: '–' } as const;
const STATUS_WORDS = { pass: 'passed', fail: 'failed', skip: 'skipped' } as const;

export function NodeChecks({ result }: { result: NodeTestResult }) {
  const passed = result.checks.every((check) => check.status === 'pass');
  return (
    <div className="node-checks" role="status" aria-label={`Test of ${result.node.name}`}>
      <p className="node-checks-verdict">{passed ? `${result.node.name} passed every check.` : `${result.node.name} failed a check.`}</p>
      <ul>
        {result.checks.map((check) => (
          <li key={check.name} className={`node-check node-check-${check.status}`}>
            <span className="node-check-mark" aria-hidden>
              {MARKS[check.status]}
            </span>
            <span>
              <strong>
                {CHECK_WORDS[check.name]} <span className="visually-hidden">{STATUS_WORDS[check.status]}</span>
              </strong>
              {' — '}
              <InlineCodeText text={check.detail} />
              {check.fix ? (
                <span className="node-check-fix">
                  {' '}
                  Fix: <InlineCodeText text={check.fix} />
                </span>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <TierSuggestion configured={result.node.tier} suggested={result.suggested_tier} reason={result.tier_reason} />
    </div>
  );
}
