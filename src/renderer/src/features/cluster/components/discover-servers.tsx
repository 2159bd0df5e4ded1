// "Look for harombe servers on this network": one short mDNS browse (POST /cluster/discover), each server found with
// its model, machine and suggested tier, and an Add that saves it into harombe.yaml's cluster section.
import { Search } from 'lucide-react';
import { useState } from 'react';
import { ApiRequestError } from '../../../../../shared/api-client';
import type { ClusterDiscoverResponse, DiscoveredServer } from '../../../../../shared/api-schemas';
import { TIER_NAMES } from '../model/format';
import { useUnmountSignal } from '../model/use-unmount-signal';
import './discover-servers.css';

export interface DiscoverServersProps {
  discover(signal?: AbortSignal): Promise<ClusterDiscoverResponse>;
  add(server: DiscoveredServer): Promise<void>;
  /** After a server was added (a harombe without a cluster has one now). */
  onAdded?(server: DiscoveredServer): void;
}

type AddState = { state: 'adding' } | { state: 'added' } | { state: 'failed'; message: string };

function errorText(failure: unknown): string {
  if (failure instanceof ApiRequestError && failure.hint) return `${failure.message}. ${failure.hint}`;
  return failure instanceof Error ? failure.message : String(failure);
}

function machineWords(server: DiscoveredServer): string {
  const hardware = server.hardware;
  if (!hardware) return 'machine not announced';
  const gpu = hardware.kind === 'cpu' ? 'CPU only' : hardware.gpu_memory_gb !== null ? `${hardware.kind} ${hardware.gpu_memory_gb} GB` : hardware.kind;
  return `${gpu} · ${hardware.ram_gb} GB RAM`;
}

function ServerRow({ server, added, onAdd }: { server: DiscoveredServer; added: AddState | undefined; onAdd(): void }) {
  const titleId = `found-${server.name}`;
  return (
    <li className="discover-server" aria-labelledby={titleId}>
      <div className="discover-server-text">
        <p className="discover-server-title">
          <strong id={titleId}>{server.name}</strong> <span className="discover-server-url">{server.url}</span>
        </p>
        <p className="discover-server-detail">
          {server.model} · {machineWords(server)} · announces tier {server.tier}
        </p>
        <p className="discover-server-detail" title={server.suggestion}>
          Suggested: tier {server.suggested_tier} ({TIER_NAMES[server.suggested_tier]}) — {server.suggestion}
        </p>
        {added?.state === 'failed' ? (
          <p className="discover-server-error" role="alert">
            {added.message}
          </p>
        ) : null}
      </div>
      {added?.state === 'added' ? (
        <span className="discover-server-added" role="status">
          Added
        </span>
      ) : (
        <button type="button" className="button" aria-label={`Add ${server.name}`} disabled={added?.state === 'adding'} onClick={onAdd}>
          {added?.state === 'adding' ? 'Adding…' : 'Add'}
        </button>
      )}
    </li>
  );
}

export function DiscoverServers({ discover, add, onAdded }: DiscoverServersProps) {
  const [browsing, setBrowsing] = useState(false);
  const [found, setFound] = useState<ClusterDiscoverResponse>();
  const [error, setError] = useState<string>();
  const [adds, setAdds] = useState<Record<string, AddState>>({});
  const unmounted = useUnmountSignal();

  const look = async () => {
    setBrowsing(true);
    setError(undefined);
    try {
      setFound(await discover(unmounted()));
      setAdds({});
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBrowsing(false);
    }
  };

  const addOne = async (server: DiscoveredServer) => {
    setAdds((current) => ({ ...current, [server.name]: { state: 'adding' } }));
    try {
      await add(server);
      setAdds((current) => ({ ...current, [server.name]: { state: 'added' } }));
      onAdded?.(server);
    } catch (failure) {
      setAdds((current) => ({ ...current, [server.name]: { state: 'failed', message: errorText(failure) } }));
    }
  };

  return (
    <div className="discover-servers">
      <button type="button" className="button button-primary" onClick={() => void look()} disabled={browsing}>
        <Search size={16} aria-hidden /> {browsing ? 'Looking on this network…' : 'Look for harombe servers on this network'}
      </button>
      {error ? (
        <p className="discover-server-error" role="alert">
          {error}
        </p>
      ) : null}
      {found && !browsing ? (
        found.servers.length === 0 ? (
          <p className="discover-empty" role="status">
            No harombe server answered in {found.seconds} s. Another machine announces itself only when it listens beyond itself (
            <code>harombe start --host 0.0.0.0</code>) and mDNS reaches it; otherwise add it by its address.
          </p>
        ) : (
          <ul className="discover-list" aria-label="Harombe servers found">
            {found.servers.map((server) => (
              <ServerRow key={server.name} server={server} added={adds[server.name]} onAdd={() => void addOne(server)} />
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
