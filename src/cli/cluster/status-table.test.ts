import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../shared';
import { formatClockTime } from '../../shared/format';
import { createTerminalStyle } from '../chat/terminal-style';
import { describeCircuit, renderClusterStatus } from './status-table';

const plain = createTerminalStyle(false);

function node(name: string, tier: number, overrides: Partial<NodeStatus> = {}): NodeStatus {
  return {
    name,
    kind: 'ollama',
    host: `${name}.lan`,
    port: 11434,
    url: `http://${name}.lan:11434`,
    model: 'qwen2.5:7b',
    tier,
    enabled: true,
    source: 'config',
    health: { status: 'available', reason: 'answered in 12 ms', latency_ms: 12, last_check: null, consecutive_failures: 0, model_ok: true, served_models: [], fix: null, recent_latencies_ms: [12] },
    circuit: { state: 'closed', open_until: null, consecutive_failures: 0, last_failure: null },
    in_flight: 0,
    drain: false,
    success_rate: null,
    tokens_per_second: null,
    ...overrides,
  };
}

describe('describeCircuit', () => {
  it('says when an open circuit lets its node be tried again', () => {
    const until = new Date(2026, 10, 26, 14, 2, 10);
    expect(describeCircuit({ state: 'open', open_until: until.toISOString(), consecutive_failures: 5, last_failure: 'x' })).toBe(`open, next try ${formatClockTime(until.getTime())}`);
    expect(describeCircuit({ state: 'half_open', open_until: null, consecutive_failures: 0, last_failure: null })).toBe('half-open (probing)');
    expect(describeCircuit({ state: 'closed', open_until: null, consecutive_failures: 0, last_failure: null })).toBe('closed');
  });
});

describe('renderClusterStatus', () => {
  it('groups the nodes by tier in aligned columns, says why a node is out, and names an empty tier', () => {
    const until = new Date(2026, 10, 26, 14, 2, 10);
    const lines = renderClusterStatus(
      [
        node('laptop', 0, { in_flight: 2 }),
        node('server', 2, {
          kind: 'harombe',
          port: 8000,
          health: { status: 'unavailable', reason: 'Cannot reach http://server.lan:8000/health (ECONNREFUSED)', latency_ms: null, last_check: null, consecutive_failures: 3, model_ok: null, served_models: [], fix: 'Is `harombe start` running on server.lan:8000?', recent_latencies_ms: [null] },
          circuit: { state: 'open', open_until: until.toISOString(), consecutive_failures: 5, last_failure: 'connection refused' },
        }),
      ],
      plain,
    );
    expect(lines).toEqual([
      '2 nodes, 1 available',
      '',
      'Tier 0 (fast)',
      '  NAME    KIND     HOST              MODEL       STATUS       LATENCY  IN-FLIGHT  CIRCUIT',
      '  laptop  ollama   laptop.lan:11434  qwen2.5:7b  available    12 ms    2          closed',
      '',
      'Tier 1 (medium)',
      '  no nodes',
      '',
      'Tier 2 (powerful)',
      '  NAME    KIND     HOST              MODEL       STATUS       LATENCY  IN-FLIGHT  CIRCUIT',
      `  server  harombe  server.lan:8000   qwen2.5:7b  unavailable  -        0          open, next try ${formatClockTime(until.getTime())}`,
      '    Cannot reach http://server.lan:8000/health (ECONNREFUSED)',
      '    fix: Is `harombe start` running on server.lan:8000?',
      '    circuit: connection refused',
    ]);
  });

  it('marks a drained node beside its health', () => {
    const lines = renderClusterStatus([node('laptop', 0, { drain: true })], plain);
    expect(lines[4]).toBe('  laptop  ollama  laptop.lan:11434  qwen2.5:7b  available, drained  12 ms    0          closed');
  });

  it('shows a disabled node as disabled, not as its last health', () => {
    const lines = renderClusterStatus([node('spare', 1, { enabled: false })], plain);
    expect(lines.find((line) => line.includes('spare'))).toMatch(/spare\s+ollama\s+\S+\s+\S+\s+disabled/);
    expect(lines[0]).toBe('1 node, 0 available');
  });
});
