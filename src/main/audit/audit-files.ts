// Where the audit log lives in $HAROMBE_HOME: audit.log, and its rotated predecessors audit.log.1 (newest) … audit.log.N.
import { join } from 'node:path';

export const AUDIT_LOG_FILE = 'audit.log';
/** Rotate once audit.log reaches 10 MB (decimal, as harombe writes sizes)… */
export const AUDIT_LOG_MAX_BYTES = 10_000_000;
/** …and keep five rotated files: at most about 60 MB of history. */
export const AUDIT_LOG_KEEP = 5;

export function auditLogPath(home: string): string {
  return join(home, AUDIT_LOG_FILE);
}

/** audit.log.1 is the most recently rotated, audit.log.N the oldest kept. */
export function rotatedAuditLogPath(home: string, index: number): string {
  return `${auditLogPath(home)}.${index}`;
}

/** Every file that may hold entries, oldest first: audit.log.N … audit.log.1, audit.log. */
export function auditLogFilesOldestFirst(home: string, keep: number = AUDIT_LOG_KEEP): string[] {
  const rotated = Array.from({ length: keep }, (_, index) => rotatedAuditLogPath(home, keep - index));
  return [...rotated, auditLogPath(home)];
}
