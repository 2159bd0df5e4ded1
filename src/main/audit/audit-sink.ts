// Where the agent reports each settled tool call for the audit log; the log file (audit-log.ts) is one sink, tests hold another.
import type { AuditEntry } from '../../shared';

export interface AuditSink {
  /** Never throws and never waits: the turn goes on whatever happens to the log. */
  record(entry: AuditEntry): void;
}
