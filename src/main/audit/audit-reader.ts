// Reads the audit log back: audit.log and its rotated files, filtered (conversation, since, tool, decision), newest last.
// A line that cannot be read — the last one cut short by a crash mid-write — is counted and skipped, never fatal.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { auditEntrySchema, type AuditEntry } from '../../shared';
import { AUDIT_LOG_FILE, auditLogPath } from './audit-files';

export const AUDIT_DEFAULT_LIMIT = 100;

/** A conversation asked for by this many leading characters or more (as `harombe audit` shows ids) matches as a prefix. */
export const CONVERSATION_PREFIX_LENGTH = 8;

export interface AuditQuery {
  /** A conversation id, or its first 8 characters or more. */
  conversation?: string;
  /** Entries settled at or after this moment. */
  since?: Date;
  tool?: string;
  decision?: AuditEntry['decision'];
  /** The newest this many that match (default 100). */
  limit?: number;
}

export interface AuditReadResult {
  /** Oldest first, so the newest is last (as a log reads). */
  entries: AuditEntry[];
  /** Lines that are not an audit entry: cut short by a crash, or written by hand. */
  skipped: number;
  /** The log's path (audit.log; its rotated files sit beside it). */
  file: string;
}

/** A line read as JSON with the fields the filters look at; the whole entry is checked only if it is to be shown. */
interface Candidate {
  line: Shape;
  time: number;
  entry?: AuditEntry;
}

interface Shape {
  time: string;
  conversation_id: string;
  tool: string;
  decision: string;
}

export async function readAuditLog(home: string, query: AuditQuery = {}): Promise<AuditReadResult> {
  const limit = Math.max(1, query.limit ?? AUDIT_DEFAULT_LIMIT);
  const since = query.since?.getTime();
  const found = { kept: [] as Candidate[], skipped: 0 };
  for (const file of await logFiles(home)) {
    // A rotated file last written before `since` holds nothing as new: each line is written after its call was settled.
    const modified = await stat(file).then((stats) => stats.mtimeMs, () => undefined);
    if (modified === undefined || (since !== undefined && modified < since && file !== auditLogPath(home))) continue;
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    try {
      for await (const text of lines) {
        if (text.trim() === '') continue;
        const line = shapeOf(text);
        if (!line) {
          found.skipped += 1;
          continue;
        }
        const time = Date.parse(line.time);
        if (!matches(line, time, query, since)) continue;
        found.kept.push({ line, time });
        // The newest `limit` of what was seen so far are all the newest `limit` overall can need.
        if (found.kept.length >= limit * 2 + 1000) found.kept = newest(found, limit);
      }
    } catch (error) {
      // Rotated away between the listing and the read: what it held is in the next file's name now.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const entries = newest(found, limit).map((candidate) => candidate.entry as AuditEntry);
  return { entries, skipped: found.skipped, file: auditLogPath(home) };
}

/** audit.log.N … audit.log.1, audit.log: oldest first, whatever number of rotated files there is. */
async function logFiles(home: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(home);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const rotated = names
    .map((name) => /^audit\.log\.(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((match) => join(home, match[0]));
  return names.includes(AUDIT_LOG_FILE) ? [...rotated, auditLogPath(home)] : rotated;
}

/** The line as JSON with a time, a conversation, a tool and a decision; undefined for anything else (a torn line). */
function shapeOf(text: string): Shape | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const line = value as Partial<Shape>;
  const shaped = typeof line.time === 'string' && typeof line.conversation_id === 'string' && typeof line.tool === 'string' && typeof line.decision === 'string';
  return shaped && !Number.isNaN(Date.parse(line.time!)) ? (line as Shape) : undefined;
}

function matches(line: Shape, time: number, query: AuditQuery, since: number | undefined): boolean {
  if (query.conversation !== undefined && !sameConversation(line.conversation_id, query.conversation)) return false;
  if (query.tool !== undefined && line.tool !== query.tool) return false;
  if (query.decision !== undefined && line.decision !== query.decision) return false;
  return since === undefined || time >= since;
}

function sameConversation(id: string, asked: string): boolean {
  return id === asked || (asked.length >= CONVERSATION_PREFIX_LENGTH && id.startsWith(asked));
}

/**
 * The newest `limit` whole entries by time, oldest first; entries of the same moment keep the order they were written
 * in. Each is checked against the schema here, once (a 60 MB log is not checked line by line): one that fails is
 * counted as skipped and the next older one takes its place.
 */
function newest(found: { kept: Candidate[]; skipped: number }, limit: number): Candidate[] {
  const sorted = found.kept.sort((a, b) => a.time - b.time);
  const chosen: Candidate[] = [];
  for (let index = sorted.length - 1; index >= 0 && chosen.length < limit; index -= 1) {
    const candidate = sorted[index]!;
    if (!candidate.entry) {
      const parsed = auditEntrySchema.safeParse(candidate.line);
      if (!parsed.success) {
        found.skipped += 1;
        continue;
      }
      candidate.entry = parsed.data;
    }
    chosen.push(candidate);
  }
  return chosen.reverse();
}
