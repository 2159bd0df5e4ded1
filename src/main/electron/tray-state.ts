// What the tray shows, as plain data: the server, the cluster's nodes, the local models, pending approvals; and the
// one health verdict the icon and tooltip are drawn from.
import type { NodeStatus, PendingConfirmation } from '../../shared';
import type { RuntimeState } from '../runtime';
import type { RunningModel } from '../llm/ollama-admin';

export interface TrayServerState {
  state: RuntimeState;
  /** Where it listens while running: `http://127.0.0.1:8000`. */
  url?: string;
  /** Something the person should know about the server, e.g. that its port was taken and it moved. */
  note?: string;
}

/** The local Ollama's loaded models (`/api/ps`): not read yet, read, or unreachable with the reason. */
export type TrayLoadedModels =
  | { state: 'unknown' }
  | { state: 'read'; models: RunningModel[] }
  | { state: 'unreachable'; reason: string };

export interface TrayState {
  server: TrayServerState;
  /** The cluster's nodes; undefined when this harombe coordinates no cluster. */
  nodes?: NodeStatus[];
  loadedModels: TrayLoadedModels;
  pending: PendingConfirmation[];
  launchAtLogin: boolean;
  /** macOS only: whether `harombe` is on PATH (undefined elsewhere: the installer puts it there). */
  cliOnPath?: boolean;
  platform: NodeJS.Platform;
}

/** The icon's four faces: all up, some down, none available, a confirmation waiting. */
export type TrayHealth = 'ok' | 'degraded' | 'down' | 'attention';

/** A node that cannot take a turn now: unreachable, or its circuit open (drained is a choice, not a fault). */
export function isNodeDown(node: NodeStatus): boolean {
  return node.health.status === 'unavailable' || node.circuit.state === 'open' || node.circuit.state === 'isolated';
}

export function trayHealth(state: TrayState): TrayHealth {
  if (state.pending.length > 0) return 'attention';
  if (state.server.state !== 'running') return 'down';
  if (!state.nodes) return 'ok';
  const down = state.nodes.filter(isNodeDown).length;
  if (state.nodes.length === 0 || down === state.nodes.length) return 'down';
  return down > 0 ? 'degraded' : 'ok';
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The tray's hover text: the verdict in words, e.g. `harombe: 2 of 3 nodes up · 1 approval waiting`. */
export function trayTooltip(state: TrayState): string {
  const parts: string[] = [];
  if (state.server.state === 'running') {
    if (state.nodes) {
      const up = state.nodes.filter((node) => !isNodeDown(node)).length;
      parts.push(state.nodes.length === 0 ? 'no cluster nodes' : `${up} of ${plural(state.nodes.length, 'node')} up`);
    } else {
      parts.push('running');
    }
  } else {
    parts.push(`API server ${state.server.state}`);
  }
  if (state.pending.length > 0) parts.push(`${plural(state.pending.length, 'approval')} waiting`);
  return `harombe: ${parts.join(' · ')}`;
}
