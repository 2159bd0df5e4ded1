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

interface Dated {
  entry: AuditEntry;
  time: number;
}

export async function readAuditLog(home: string, query: AuditQuery = {}): Promise<AuditReadResult> {
  const limit = Math.max(1, query.limit ?? AUDIT_DEFAULT_LIMIT);
  const since = query.since?.getTime();
  let kept: Dated[] = [];
  let skipped = 0;
  for (const file of await logFiles(home)) {
    // A rotated file last written before `since` holds nothing as new: each line is written after its call was settled.
    const modified = await stat(file).then((stats) => stats.mtimeMs, () => undefined);
    if (modified === undefined || (since !== undefined && modified < since && file !== auditLogPath(home))) continue;
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const entry = parseLine(line);
        if (!entry) {
          skipped += 1;
          continue;
        }
        const time = Date.parse(entry.time);
        if (!matches(entry, time, query, since)) continue;
        kept.push({ entry, time });
        // The newest `limit` of what was seen so far are all the newest `limit` overall can need.
        if (kept.length >= limit * 2 + 1000) kept = newest(kept, limit);
      }
    } catch (error) {
      // Rotated away between the listing and the read: what it held is in the next file's name now.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return { entries: newest(kept, limit).map(({ entry }) => entry), skipped, file: auditLogPath(home) };
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

function parseLine(line: string): AuditEntry | undefined {
  try {
    const parsed = auditEntrySchema.safeParse(JSON.parse(line));
    return parsed.success && !Number.isNaN(Date.parse(parsed.data.time)) ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function matches(entry: AuditEntry, time: number, query: AuditQuery, since: number | undefined): boolean {
  if (query.conversation !== undefined && !sameConversation(entry.conversation_id, query.conversation)) return false;
  if (query.tool !== undefined && entry.tool !== query.tool) return false;
  if (query.decision !== undefined && entry.decision !== query.decision) return false;
  return since === undefined || time >= since;
}

function sameConversation(id: string, asked: string): boolean {
  return id === asked || (asked.length >= CONVERSATION_PREFIX_LENGTH && id.startsWith(asked));
}

/** The last `limit` by time, oldest first; entries of the same moment keep the order they were written in. */
function newest(entries: Dated[], limit: number): Dated[] {
  return entries.sort((a, b) => a.time - b.time).slice(-limit);
}
