// `harombe cluster status` as tables, one per tier: name, kind, host, model, status, latency, in flight, circuit.
import type { NodeStatus } from '../../shared';
import { formatClockTime, formatDuration } from '../../shared/format';
import type { TerminalStyle } from '../chat/terminal-style';

export const TIER_NAMES = ['fast', 'medium', 'powerful'] as const;

const HEADER = ['NAME', 'KIND', 'HOST', 'MODEL', 'STATUS', 'LATENCY', 'IN-FLIGHT', 'CIRCUIT'];

/** `closed`, `open, next try 14:02:10`, `half-open (probing)`, `held open`. */
export function describeCircuit(circuit: NodeStatus['circuit']): string {
  switch (circuit.state) {
    case 'closed':
      return 'closed';
    case 'open': {
      const until = circuit.open_until === null ? Number.NaN : Date.parse(circuit.open_until);
      return Number.isNaN(until) ? 'open' : `open, next try ${formatClockTime(until)}`;
    }
    case 'half_open':
      return 'half-open (probing)';
    case 'isolated':
      return 'held open';
  }
}

function statusText(node: NodeStatus): string {
  if (!node.enabled) return 'disabled';
  return node.drain ? `${node.health.status}, drained` : node.health.status;
}

function paintStatus(text: string, padded: string, style: TerminalStyle): string {
  if (text.endsWith(', drained')) return style.dim(padded);
  switch (text) {
    case 'available':
      return style.green(padded);
    case 'degraded':
      return style.yellow(padded);
    case 'unavailable':
      return style.red(padded);
    default:
      return style.dim(padded);
  }
}

function cells(node: NodeStatus): string[] {
  return [
    node.name,
    node.kind,
    `${node.host}:${node.port}`,
    node.model,
    statusText(node),
    node.health.latency_ms === null ? '-' : formatDuration(node.health.latency_ms),
    String(node.in_flight),
    describeCircuit(node.circuit),
  ];
}

/** How to get a first real node, for when the config lists nodes but none of them is switched on. */
export const ADD_A_REAL_NODE = [
  'Every node in cluster.nodes is disabled (the template\'s examples are), so none is contacted. To add a real one:',
  '  harombe cluster add HOST[:PORT] --save   asks a machine running `harombe start` for its name, model and hardware',
  '  harombe cluster init --force             finds harombe servers on your network and lets you pick them',
  '  or edit harombe.yaml: set an example\'s host and model to your machine\'s and delete its `enabled: false`',
];

/** True when nodes are configured but none besides this machine's own `local` is enabled. */
export function onlyDisabledNodes(nodes: readonly Pick<NodeStatus, 'name' | 'enabled' | 'source'>[]): boolean {
  const others = nodes.filter((node) => node.source !== 'local');
  return others.length > 0 && others.every((node) => !node.enabled);
}

/** One block per tier (an empty tier says so), columns aligned across tiers; why a node is not available beneath it. */
export function renderClusterStatus(nodes: readonly NodeStatus[], style: TerminalStyle): string[] {
  const rows = nodes.map(cells);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const pad = (row: string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)));
  const available = nodes.filter((node) => node.enabled && (node.health.status === 'available' || node.health.status === 'degraded')).length;
  const lines = [`${nodes.length} node${nodes.length === 1 ? '' : 's'}, ${available} available`];
  for (const [tier, tierName] of TIER_NAMES.entries()) {
    lines.push('', style.bold(`Tier ${tier} (${tierName})`));
    const inTier = nodes.map((node, index) => ({ node, row: rows[index]! })).filter(({ node }) => node.tier === tier);
    if (inTier.length === 0) {
      lines.push(style.dim('  no nodes'));
      continue;
    }
    lines.push(`  ${style.dim(pad(HEADER).join('  '))}`);
    for (const { node, row } of inTier) {
      const padded = pad(row);
      padded[4] = paintStatus(row[4]!, padded[4]!, style);
      if (node.circuit.state !== 'closed') padded[7] = style.yellow(padded[7]!);
      lines.push(`  ${padded.join('  ')}`);
      if (node.enabled && node.health.status !== 'available') {
        lines.push(`    ${style.dim(node.health.reason)}`);
        if (node.health.fix) lines.push(`    ${style.cyan('fix:')} ${node.health.fix}`);
      }
      if (node.circuit.state !== 'closed' && node.circuit.last_failure) lines.push(`    ${style.dim(`circuit: ${node.circuit.last_failure}`)}`);
    }
  }
  if (onlyDisabledNodes(nodes)) lines.push('', ...ADD_A_REAL_NODE.map((line, index) => (index === 0 ? style.yellow(line) : line)));
  return lines;
}
