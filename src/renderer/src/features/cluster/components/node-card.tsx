// One node as a card: what it is, its status with the reason and the fix, latency, load, circuit, and its actions.
import { memo, useState } from 'react';
import type { NodeSource, NodeStatus, NodeTestResult } from '../../../../../shared/cluster-schema';
import { formatAgo, formatLatency, formatRate, formatTokensPerSecond } from '../model/format';
import { nodeFix } from '../model/node-fix';
import { useNow } from '../model/use-now';
import { useUnmountSignal } from '../model/use-unmount-signal';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { CircuitLine } from './circuit-line';
import { NodeChecks } from './node-checks';
import { Sparkline } from './sparkline';
import { TierSuggestion } from './tier-suggestion';

const SOURCE_WORDS: Record<NodeSource, string> = {
  config: 'configured',
  runtime: 'added while running',
  mdns: 'discovered',
  local: 'this machine',
};

export interface NodeActions {
  remove(name: string, save: boolean): Promise<void>;
  setDrain(name: string, drain: boolean): Promise<void>;
  test(name: string, signal?: AbortSignal): Promise<NodeTestResult>;
}

function LastCheck({ at }: { at: string | null }) {
  const now = useNow();
  return <>{formatAgo(at, now)}</>;
}

function RemoveControl({ name, source, remove }: { name: string; source: NodeSource; remove: NodeActions['remove'] }) {
  const [confirming, setConfirming] = useState(false);
  const [save, setSave] = useState(source === 'config');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
        Remove…
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await remove(name, save);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };
  return (
    <div className="node-remove-confirm" role="group" aria-label={`Remove ${name}?`}>
      <p>Remove {name}? No new requests go there.</p>
      {source === 'config' ? (
        <label className="checkbox">
          <input type="checkbox" checked={save} onChange={(event) => setSave(event.target.checked)} /> Also delete it from harombe.yaml
        </label>
      ) : null}
      <div className="node-actions">
        <button type="button" className="button button-danger" disabled={busy} onClick={() => void confirm()}>
          Remove {name}
        </button>
        <button type="button" className="button" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
      {error ? <p role="alert" className="node-error">{error}</p> : null}
    </div>
  );
}

function errorText(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

/** Drain (maintenance) and Test now: each says what it is doing and what went wrong. */
function NodeControls({ status, actions }: { status: NodeStatus; actions: NodeActions }) {
  const [busy, setBusy] = useState<'drain' | 'test'>();
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<NodeTestResult>();
  const unmounted = useUnmountSignal();
  const run = async (what: 'drain' | 'test') => {
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'drain') await actions.setDrain(status.name, !status.drain);
      else setResult(await actions.test(status.name, unmounted()));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <div className="node-actions">
        <button type="button" className="button" disabled={busy !== undefined} onClick={() => void run('test')}>
          {busy === 'test' ? 'Testing…' : 'Test now'}
        </button>
        <button type="button" className="button" aria-pressed={status.drain} disabled={busy !== undefined} onClick={() => void run('drain')}>
          {status.drain ? 'Undrain' : 'Drain'}
        </button>
        {status.source !== 'local' ? <RemoveControl name={status.name} source={status.source} remove={actions.remove} /> : null}
      </div>
      {error ? (
        <p role="alert" className="node-error">
          {error}
        </p>
      ) : null}
      {result ? <NodeChecks result={result} /> : null}
    </>
  );
}

export const NodeCard = memo(function NodeCard({ status, actions }: { status: NodeStatus; actions: NodeActions | undefined }) {
  const { health } = status;
  const fix = nodeFix(status);
  const headingId = `node-${status.name.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
  const latencies = health.recent_latencies_ms.filter((value): value is number => value !== null);
  return (
    <article className={`node-card node-${health.status}${status.drain ? ' node-drained' : ''}`} aria-labelledby={headingId}>
      <header className="node-card-header">
        <h3 id={headingId}>{status.name}</h3>
        {status.drain ? <span className="node-badge node-badge-drain">drained</span> : null}
        <span className={`node-status node-status-${health.status}`}>{health.status}</span>
      </header>
      <p className="node-identity">
        <span>{status.kind}</span> · <span className="node-url">{status.url}</span> · <span>{status.model}</span> · <span>{SOURCE_WORDS[status.source]}</span>
        {status.enabled ? null : <span> · disabled</span>}
      </p>
      <TierSuggestion configured={status.tier} suggested={status.suggested_tier} reason={status.tier_reason} />
      <div className="node-reason">
        <p>
          <InlineCodeText text={health.reason} />
        </p>
        {fix ? (
          <p className="node-fix">
            Fix: <InlineCodeText text={fix} />
          </p>
        ) : null}
        {status.drain ? <p className="node-fix">Drained: no new turns are routed here; running ones finish.</p> : null}
      </div>
      <dl className="node-facts">
        <div>
          <dt>Latency</dt>
          <dd>
            {formatLatency(health.latency_ms)} <Sparkline values={latencies} />
          </dd>
        </div>
        <div>
          <dt>In flight</dt>
          <dd>{status.in_flight}</dd>
        </div>
        <div>
          <dt>Success</dt>
          <dd>{formatRate(status.success_rate)}</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{formatTokensPerSecond(status.tokens_per_second)}</dd>
        </div>
        <CircuitLine circuit={status.circuit} />
        <div>
          <dt>Last check</dt>
          <dd>
            <LastCheck at={health.last_check} />
          </dd>
        </div>
      </dl>
      {actions ? <NodeControls status={status} actions={actions} /> : null}
    </article>
  );
});
