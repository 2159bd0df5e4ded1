// The tray menu as plain data, built from TrayState by a pure function; tray.ts hands it to Electron's Menu.
import type { NodeStatus, PendingConfirmation } from '../../shared';
import { formatBytes } from '../../shared/format';
import type { RunningModel } from '../llm/ollama-admin';
import type { TrayAction } from './tray-actions';
import { isNodeDown, type TrayState } from './tray-state';

export interface TrayMenuItem {
  type?: 'normal' | 'separator' | 'checkbox' | 'submenu';
  label?: string;
  /** Default true. */
  enabled?: boolean;
  checked?: boolean;
  /** What a click does; an item without one is a label. */
  action?: TrayAction;
  submenu?: TrayMenuItem[];
}

/** More approvals than this are summed up in one line that opens the chat, so the menu stays on screen. */
export const MAX_LISTED_APPROVALS = 5;
/** A bigger cluster lists its down nodes first, then the rest up to this many, and sends the others to the dashboard. */
export const MAX_LISTED_NODES = 12;
/** Labels longer than this are cut with an ellipsis (menus do not wrap). */
export const MAX_LABEL_LENGTH = 60;

const separator: TrayMenuItem = { type: 'separator' };

function note(label: string): TrayMenuItem {
  return { label: truncate(label), enabled: false };
}

export function truncate(text: string, max = MAX_LABEL_LENGTH): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** A node's state in a word or two, as the dashboard says it. */
export function nodeStateWords(node: NodeStatus): string {
  if (node.circuit.state === 'open' || node.circuit.state === 'isolated') return 'down (circuit open)';
  switch (node.health.status) {
    case 'available':
      return node.drain ? 'up, drained' : 'up';
    case 'degraded':
      return node.drain ? 'slow, drained' : 'slow';
    case 'unavailable':
      return 'down';
    case 'unknown':
      return 'checking…';
  }
}

function nodeItem(node: NodeStatus): TrayMenuItem {
  const mark = isNodeDown(node) ? '✕' : node.health.status === 'available' && !node.drain ? '●' : '○';
  const details: TrayMenuItem[] = [note(`${node.model} at ${node.url}`)];
  if (isNodeDown(node) && node.health.reason) details.push(note(node.health.reason));
  return {
    type: 'submenu',
    label: truncate(`${mark} ${node.name}: ${nodeStateWords(node)} · tier ${node.tier}`),
    submenu: [
      ...details,
      separator,
      { label: 'Test now', action: { type: 'test-node', node: node.name } },
      node.drain
        ? { label: 'Resume (undrain)', action: { type: 'drain-node', node: node.name, drain: false } }
        : { label: 'Drain', action: { type: 'drain-node', node: node.name, drain: true } },
      // This machine's own Ollama comes with the cluster; it is not a node one adds or removes.
      { label: 'Remove', enabled: node.source !== 'local', action: { type: 'remove-node', node: node.name } },
    ],
  };
}

function clusterSection(nodes: NodeStatus[] | undefined): TrayMenuItem[] {
  if (!nodes) return [];
  if (nodes.length === 0) return [note('Cluster: no nodes yet'), separator];
  const up = nodes.filter((node) => !isNodeDown(node)).length;
  // The ones that need a look come first when not all fit.
  const listed = nodes.length <= MAX_LISTED_NODES ? nodes : [...nodes.filter(isNodeDown), ...nodes.filter((node) => !isNodeDown(node))].slice(0, MAX_LISTED_NODES);
  const rest = nodes.length - listed.length;
  return [
    note(`Cluster: ${up} of ${nodes.length} up`),
    ...listed.map(nodeItem),
    ...(rest > 0 ? [{ label: `${rest} more in the dashboard…`, action: { type: 'open-dashboard' } } satisfies TrayMenuItem] : []),
    separator,
  ];
}

function modelItem(model: RunningModel): TrayMenuItem {
  const where = model.vramBytes <= 0 ? 'CPU' : model.vramBytes >= model.sizeBytes ? 'GPU' : 'GPU + CPU';
  return {
    type: 'submenu',
    label: truncate(`${model.name} · ${formatBytes(model.sizeBytes)}`),
    submenu: [note(`${formatBytes(model.sizeBytes)} in memory (${where})`), { label: 'Unload', action: { type: 'unload-model', model: model.name } }],
  };
}

function modelsSection(state: TrayState): TrayMenuItem[] {
  const loaded = state.loadedModels;
  switch (loaded.state) {
    case 'unknown':
      return [];
    case 'unreachable':
      return [note(`Local models: ${loaded.reason}`), separator];
    case 'read':
      if (loaded.models.length === 0) return [note('Local models: none loaded'), separator];
      return [note('Local models loaded'), ...loaded.models.map(modelItem), separator];
  }
}

function approvalLabel(confirmation: PendingConfirmation): string {
  return truncate(`${confirmation.tool_call.name}: ${confirmation.description}`);
}

function approvalsSection(pending: PendingConfirmation[]): TrayMenuItem[] {
  if (pending.length === 0) return [];
  const listed = pending.slice(0, MAX_LISTED_APPROVALS).map(
    (confirmation): TrayMenuItem => ({
      label: approvalLabel(confirmation),
      action: { type: 'open-confirmation', conversationId: confirmation.conversation_id, confirmationId: confirmation.confirmation_id },
    }),
  );
  const rest = pending.length - listed.length;
  return [
    note(`Waiting for your approval (${pending.length})`),
    ...listed,
    ...(rest > 0 ? [{ label: `${rest} more in the chat…`, action: { type: 'open-chat' } } satisfies TrayMenuItem] : []),
    separator,
  ];
}

function serverSection(state: TrayState): TrayMenuItem[] {
  const { server } = state;
  const items: TrayMenuItem[] = [];
  switch (server.state) {
    case 'running':
      items.push(note(`API server: running${server.url ? ` on ${server.url.replace(/^https?:\/\//, '')}` : ''}`));
      items.push({ label: 'Stop API server', action: { type: 'stop-server' } });
      break;
    case 'starting':
    case 'stopping':
      items.push(note(`API server: ${server.state}…`));
      break;
    case 'stopped':
      items.push(note('API server: stopped'));
      items.push({ label: 'Start API server', action: { type: 'start-server' } });
      break;
    case 'disposed':
      items.push(note('API server: shut down'));
      break;
  }
  if (server.note) items.push(note(server.note));
  return items;
}

/** The whole tray menu, top to bottom. */
export function buildTrayMenu(state: TrayState): TrayMenuItem[] {
  const running = state.server.state === 'running';
  return [
    // The windows load the renderer from the server: without it they would show an error page.
    { label: 'Open chat', enabled: running, action: { type: 'open-chat' } },
    { label: 'Quick chat', enabled: running, action: { type: 'quick-chat' } },
    { label: 'Cluster dashboard', enabled: running, action: { type: 'open-dashboard' } },
    separator,
    ...approvalsSection(state.pending),
    ...clusterSection(state.nodes),
    ...modelsSection(state),
    ...serverSection(state),
    separator,
    { label: 'Open config file', action: { type: 'open-config' } },
    { label: 'Open logs', action: { type: 'open-logs' } },
    ...(state.platform === 'darwin' && state.cliOnPath === false
      ? [{ label: "Install 'harombe' command in PATH", action: { type: 'install-cli' } } satisfies TrayMenuItem]
      : []),
    { type: 'checkbox', label: 'Launch at login', checked: state.launchAtLogin, action: { type: 'set-launch-at-login', enabled: !state.launchAtLogin } },
    separator,
    { label: 'Quit harombe', action: { type: 'quit' } },
  ];
}
