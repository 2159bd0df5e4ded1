// Audit entries for tests: a settled shell call, with whatever a test changes.
import type { AuditEntry } from '../../shared';

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    time: '2026-01-02T09:00:00.000Z',
    conversation_id: 'conv-1',
    tool_call_id: 'call_1_0',
    tool: 'shell',
    arguments: { command: 'git status' },
    dangerous: true,
    decision: 'allowed',
    decided_by: { kind: 'person', surface: 'cli' },
    ok: true,
    exit_code: 0,
    duration_ms: 12,
    ...overrides,
  };
}

/** A logger that keeps what it was told. */
export function recordingLogger(): { warnings: string[]; warn(message: string): void } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => warnings.push(message) };
}
