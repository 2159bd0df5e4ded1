// Tray states for the tray's unit tests: nodes, approvals and loaded models as the runtime reports them.
import type { NodeStatus, PendingConfirmation } from '../../shared';
import type { TrayState } from './tray-state';

export function node(name: string, overrides: { status?: NodeStatus['health']['status']; circuit?: NodeStatus['circuit']['state']; drain?: boolean; tier?: 0 | 1 | 2; source?: NodeStatus['source'] } = {}): NodeStatus {
  const status = overrides.status ?? 'available';
  return {
    name,
    kind: 'harombe',
    host: `${name}.lan`,
    port: 8000,
    url: `http://${name}.lan:8000`,
    model: 'qwen2.5:7b',
    tier: overrides.tier ?? 1,
    enabled: true,
    source: overrides.source ?? 'config',
    health: {
      status,
      reason: status === 'unavailable' ? `Cannot reach http://${name}.lan:8000 (ECONNREFUSED)` : 'answered in 40 ms',
      latency_ms: 40,
      last_check: '2026-12-02T06:00:00.000Z',
      consecutive_failures: status === 'unavailable' ? 3 : 0,
      model_ok: true,
      served_models: ['qwen2.5:7b'],
      fix: null,
      recent_latencies_ms: [],
    },
    circuit: { state: overrides.circuit ?? 'closed', open_until: null, consecutive_failures: 0, last_failure: null },
    in_flight: 0,
    drain: overrides.drain ?? false,
    success_rate: null,
    tokens_per_second: null,
  };
}

export function confirmation(id: string, description = 'Run `git push` in the workspace', conversationId = `conv-${id}`): PendingConfirmation {
  return {
    confirmation_id: id,
    conversation_id: conversationId,
    tool_call: { id: `call-${id}`, name: 'shell', arguments: { command: 'git push' } },
    description,
    created_at: '2026-12-02T06:00:00.000Z',
    expires_at: '2026-12-02T06:05:00.000Z',
  };
}

export function trayState(overrides: Partial<TrayState> = {}): TrayState {
  return {
    server: { state: 'running', url: 'http://127.0.0.1:8000' },
    loadedModels: { state: 'unknown' },
    pending: [],
    launchAtLogin: false,
    platform: 'linux',
    ...overrides,
  };
}
