// Without a cluster: section — this machine alone (from GET /health), and how to add another machine.
import type { HealthResponse } from '../../../../../shared/api-schemas';
import type { ReactNode } from 'react';
import { InlineCodeText } from '../../../components/ui/inline-code-text';

function LocalNode({ health }: { health: HealthResponse | undefined }) {
  if (!health) return <p className="cluster-empty">Reading this machine&apos;s health…</p>;
  const server = health.model_server;
  const ok = health.status === 'healthy';
  return (
    <article className={`node-card ${ok ? 'node-available' : 'node-unavailable'}`} aria-labelledby="local-node-title">
      <header className="node-card-header">
        <h3 id="local-node-title">{health.node.name}</h3>
        <span className={`node-status node-status-${ok ? 'available' : 'unavailable'}`}>{ok ? 'available' : 'unavailable'}</span>
      </header>
      <p className="node-identity">
        <span>this machine</span> · <span>{health.model}</span> · <span>tier {health.node.tier}</span> · <span>harombe {health.version}</span>
      </p>
      <div className="node-reason">
        <p>
          <InlineCodeText text={ok ? 'Answers with its own model server.' : (server?.error ?? 'Its model server cannot answer.')} />
        </p>
        {!ok && server?.hint ? (
          <p className="node-fix">
            Fix: <InlineCodeText text={server.hint} />
          </p>
        ) : null}
      </div>
    </article>
  );
}

/** `finder`: the "look for harombe servers on this network" offer, shown first in the guide. */
export function LocalNodePanel({ health, finder }: { health: HealthResponse | undefined; finder?: ReactNode }) {
  return (
    <>
      <section className="cluster-tier" aria-labelledby="local-title">
        <h2 id="local-title">This machine</h2>
        <div className="node-grid">
          <LocalNode health={health} />
        </div>
      </section>
      <section className="cluster-guide" aria-labelledby="guide-title">
        <h2 id="guide-title">Add a machine</h2>
        <p>This harombe has no <code>cluster:</code> section, so every turn runs here. To spread turns over more machines:</p>
        {finder ? (
          <>
            {finder}
            <p>Or, for a machine not found (or a plain Ollama):</p>
          </>
        ) : null}
        <ol>
          <li>
            <strong>On the other machine:</strong> install harombe, set <code>server.auth_token</code> in its harombe.yaml, and run:
            <pre>
              <code>harombe start --host 0.0.0.0</code>
            </pre>
            A plain Ollama works too: <code>OLLAMA_HOST=0.0.0.0 ollama serve</code>.
          </li>
          <li>
            <strong>Here:</strong> add it by its address; harombe asks it for its name, model and hardware, suggests a tier, and saves it to harombe.yaml:
            <pre>
              <code>{'harombe cluster add 192.168.1.50 --token … --save'}</code>
            </pre>
            This harombe starts coordinating at once — no restart — and this screen then shows every node, live.
          </li>
        </ol>
        <p>
          With <code>discovery: {'{ method: mdns }'}</code> in the cluster section, harombe servers on this network are found by themselves.
        </p>
      </section>
    </>
  );
}
