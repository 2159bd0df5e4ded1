// Routing you can see: a "Try routing" box (POST /cluster/route, nothing is run) and the last 50 decisions, live.
import { memo, useState, type FormEvent } from 'react';
import type { ClusterRouteResponse } from '../../../../../shared/api-schemas';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import type { RouteEntry } from '../model/cluster-state';
import { TIER_NAMES } from '../model/format';

export interface RoutingPanelProps {
  routes: readonly RouteEntry[];
  tryRouting(message: string): Promise<ClusterRouteResponse>;
}

function tierText(tier: number, wanted: number): string {
  const name = `${tier} ${TIER_NAMES[tier] ?? ''}`.trim();
  return tier === wanted ? name : `${name} (wanted ${wanted})`;
}

function TryRouting({ tryRouting }: Pick<RoutingPanelProps, 'tryRouting'>) {
  const [message, setMessage] = useState('');
  const [result, setResult] = useState<ClusterRouteResponse>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!message.trim()) {
      setError('Type a message to see where it would go.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setResult(await tryRouting(message));
    } catch (failure) {
      setResult(undefined);
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="try-routing" onSubmit={(event) => void submit(event)}>
      <label htmlFor="try-routing-message">Try routing a message</label>
      <div className="try-routing-row">
        <textarea id="try-routing-message" rows={2} value={message} onChange={(event) => setMessage(event.target.value)} placeholder="e.g. Design a distributed cache with consistent hashing" />
        <button type="submit" className="button button-primary" disabled={busy}>
          Route it
        </button>
      </div>
      <p className="try-routing-note">Shows where it would go and why; nothing is sent to any model.</p>
      {error ? (
        <p role="alert" className="node-error">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="try-routing-result" role="status" aria-label="Routing decision">
          <p>
            <strong>{result.node}</strong> · tier {tierText(result.tier, result.wanted_tier)} · {result.complexity} · ~{result.estimated_tokens} tokens
          </p>
          <p>{result.reason}</p>
          <p className="try-routing-candidates">Would try, in order: {result.candidates.join(' → ')}</p>
        </div>
      ) : null}
    </form>
  );
}

/** One decision; entries never change, so a new one draws one row, not fifty. */
const RouteRow = memo(function RouteRow({ route }: { route: RouteEntry }) {
  const unserved = route.node === null;
  return (
    <tr className={unserved ? 'routing-unserved' : undefined}>
      <td className="routing-time">{new Date(route.at).toLocaleTimeString()}</td>
      <td className="routing-excerpt">{route.excerpt}</td>
      <td>{route.complexity}</td>
      <td>{tierText(route.tier, route.wantedTier)}</td>
      <td>{route.node ?? 'none'}</td>
      <td>
        {unserved ? (
          <>
            No node answered — tried {route.failedOver.join(', ')}: <InlineCodeText text={route.error ?? 'no error was given'} />
          </>
        ) : (
          route.reason
        )}
      </td>
      <td>{route.failedOver.length > 0 ? route.failedOver.join(' → ') : '—'}</td>
    </tr>
  );
});

export function RoutingPanel({ routes, tryRouting }: RoutingPanelProps) {
  return (
    <section className="routing-panel" aria-labelledby="routing-title">
      <h2 id="routing-title">Routing</h2>
      <TryRouting tryRouting={tryRouting} />
      <h3 id="routing-decisions-title">Last decisions</h3>
      {routes.length === 0 ? (
        <p className="cluster-empty">No requests routed yet. Each turn&apos;s decision shows here as it is made.</p>
      ) : (
        <div className="routing-table-wrap" tabIndex={0} role="region" aria-labelledby="routing-decisions-title">
          <table className="routing-table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Message</th>
                <th scope="col">Complexity</th>
                <th scope="col">Tier</th>
                <th scope="col">Node</th>
                <th scope="col">Why</th>
                <th scope="col">Failed over</th>
              </tr>
            </thead>
            <tbody>
              {routes.map((route) => (
                <RouteRow key={route.id} route={route} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
