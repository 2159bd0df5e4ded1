// The audit log's public face: the sink the agent reports to, the file writer, and the reader behind GET /audit and `harombe audit`.
export type { AuditSink } from './audit-sink';
export { AuditLog, type AuditLogLogger, type AuditLogOptions } from './audit-log';
export { AUDIT_DEFAULT_LIMIT, readAuditLog, type AuditQuery, type AuditReadResult } from './audit-reader';
export { AUDIT_LOG_FILE, AUDIT_LOG_KEEP, AUDIT_LOG_MAX_BYTES, auditLogPath, rotatedAuditLogPath } from './audit-files';
