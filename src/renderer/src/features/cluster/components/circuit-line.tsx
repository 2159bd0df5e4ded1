// A node's circuit breaker in words: its state, failures counted, the last one, and a live countdown to the next try.
import type { CircuitStatus } from '../../../../../shared/cluster-schema';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { formatCountdown } from '../model/format';
import { useNow } from '../model/use-now';

const STATE_WORDS: Record<CircuitStatus['state'], string> = {
  closed: 'closed',
  open: 'open — skipped',
  half_open: 'half-open — probing',
  isolated: 'isolated',
};

function Countdown({ until }: { until: string }) {
  const now = useNow();
  return <span className="circuit-countdown">next try {formatCountdown(until, now)}</span>;
}

export function CircuitLine({ circuit }: { circuit: CircuitStatus }) {
  return (
    <div className={`circuit circuit-${circuit.state}`}>
      <dt>Circuit</dt>
      <dd>
        <span className="circuit-state">{STATE_WORDS[circuit.state]}</span>
        {circuit.consecutive_failures > 0 ? (
          <span>
            {' '}
            · {circuit.consecutive_failures} failure{circuit.consecutive_failures === 1 ? '' : 's'}
          </span>
        ) : null}
        {circuit.state === 'open' && circuit.open_until ? (
          <>
            {' '}
            · <Countdown until={circuit.open_until} />
          </>
        ) : null}
        {circuit.last_failure && circuit.state !== 'closed' ? (
          <span className="circuit-last-failure">
            Last error: <InlineCodeText text={circuit.last_failure} />
          </span>
        ) : null}
      </dd>
    </div>
  );
}
