// The audit log: each settled tool call the agent reports, appended as one JSON line to $HAROMBE_HOME/audit.log (0600),
// rotated by size into audit.log.1 … audit.log.5 by rotating-file-stream. One line at a time, never in the turn's way.
import { mkdir, open } from 'node:fs/promises';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { auditEntrySchema, type AuditEntry } from '../../shared';
import { AUDIT_LOG_FILE, AUDIT_LOG_KEEP, AUDIT_LOG_MAX_BYTES, auditLogFilesOldestFirst, auditLogPath } from './audit-files';
import { readAuditLog, type AuditQuery, type AuditReadResult } from './audit-reader';
import type { AuditSink } from './audit-sink';
import { keepPrivate } from './private-file';

export interface AuditLogLogger {
  warn(message: string): void;
}

export interface AuditLogOptions {
  /** $HAROMBE_HOME: the log is `<home>/audit.log`. */
  home: string;
  /** Where a write that failed, or a log found readable by others, is said (once). */
  logger: AuditLogLogger;
  /** Rotate once audit.log reaches this many bytes (default 10 MB). */
  maxBytes?: number;
  /** Rotated files kept (default 5). */
  keep?: number;
}

export class AuditLog implements AuditSink {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  /** The open file, opened at the first entry; dropped after a failure so the next entry tries again. */
  private stream: Promise<RotatingFileStream> | undefined;
  /** Settles once every entry recorded so far is written (or has failed): the lines go out one after another. */
  private written: Promise<void> = Promise.resolve();
  /** A crash cut the last line short: the next line starts on a line of its own. */
  private startOnNewLine = false;
  /** A failure was said; the next is said only after a write has worked again. */
  private failing = false;
  private saidMalformed = false;
  private disposed = false;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: AuditLogOptions) {
    this.path = auditLogPath(options.home);
    this.maxBytes = options.maxBytes ?? AUDIT_LOG_MAX_BYTES;
    this.keep = options.keep ?? AUDIT_LOG_KEEP;
  }

  /** Queues the entry and returns at once; a write that fails is logged, never thrown at the turn. */
  record(entry: AuditEntry): void {
    if (this.disposed) {
      this.fail(new Error('the audit log was closed (harombe is shutting down)'), entry);
      return;
    }
    let line: string;
    try {
      line = `${JSON.stringify(this.lineOf(entry))}\n`;
    } catch (error) {
      this.fail(error, entry);
      return;
    }
    this.written = this.written.then(() => this.write(line, entry));
  }

  /** Resolves once everything recorded so far is in the file (or its failure was logged). */
  flush(): Promise<void> {
    return this.written;
  }

  /** The log read back (GET /audit), once what was recorded before the call is in the file. */
  async read(query: AuditQuery = {}): Promise<AuditReadResult> {
    await this.written;
    return readAuditLog(this.options.home, query);
  }

  /** Writes what is queued, then closes the file. Entries recorded afterwards are refused (and said). */
  dispose(): Promise<void> {
    this.closing ??= this.close();
    return this.closing;
  }

  private async close(): Promise<void> {
    // Calls denied by the shutdown that just ran (pending confirmations) are recorded by their turns a few ticks later.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.disposed = true;
    await this.written;
    const stream = await this.stream?.catch(() => undefined);
    this.stream = undefined;
    if (!stream || stream.destroyed) return;
    await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  /** Only the line's own fields, whatever else the caller's object carries. */
  private lineOf(entry: AuditEntry): unknown {
    const parsed = auditEntrySchema.safeParse(entry);
    if (parsed.success) return parsed.data;
    // A caller's mistake must not cost the record: written as given, and said once so it gets fixed.
    if (!this.saidMalformed) {
      this.saidMalformed = true;
      this.options.logger.warn(`An audit entry did not match the audit line's schema (written as given): ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    }
    return entry;
  }

  private async write(line: string, entry: AuditEntry): Promise<void> {
    try {
      const stream = await (this.stream ??= this.open());
      const text = this.startOnNewLine ? `\n${line}` : line;
      this.startOnNewLine = false;
      await new Promise<void>((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
      this.failing = false;
    } catch (error) {
      this.stream = undefined;
      this.fail(error, entry);
    }
  }

  private async open(): Promise<RotatingFileStream> {
    const { home } = this.options;
    await mkdir(home, { recursive: true, mode: 0o700 });
    for (const file of auditLogFilesOldestFirst(home, this.keep)) {
      const was = await keepPrivate(file);
      if (was) this.options.logger.warn(`${file} could be read by other users (mode ${was}); harombe set it to 0600, as it holds every command the agent ran.`);
    }
    this.startOnNewLine = await endsMidLine(this.path);
    const stream = createStream(AUDIT_LOG_FILE, { path: home, size: `${this.maxBytes}B`, rotate: this.keep, mode: 0o600 });
    // The write's callback reports the failure; without a listener the stream's 'error' would end the process.
    stream.on('error', () => undefined);
    return stream;
  }

  private fail(error: unknown, entry: AuditEntry): void {
    if (this.failing) return;
    this.failing = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.options.logger.warn(
      `Could not write the audit log ${this.path}: ${reason}. The ${entry.tool} call of conversation ${entry.conversation_id} (and any failing after it) is not recorded there; ` +
        `check that the folder is writable and the disk has room. Further failures are not repeated until a write works again.`,
    );
  }
}

/** Whether the file's last line has no end: a write cut off by a crash or a full disk. */
async function endsMidLine(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}
