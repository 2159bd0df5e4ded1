// Reading the audit log back: filters, the newest last within a limit, rotated files included, unreadable lines skipped.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared';
import { readAuditLog } from './audit-reader';
import { auditEntry } from './audit-test-entries';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'harombe-audit-read-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

// Entries from the past: a file is never last written before the calls it holds were settled.
const at = (minute: number): string => new Date(Date.UTC(2026, 0, 2, 9, minute)).toISOString();

async function writeLog(name: string, entries: AuditEntry[], tail = ''): Promise<void> {
  await writeFile(join(home, name), entries.map((entry) => `${JSON.stringify(entry)}\n`).join('') + tail);
}

const ids = (entries: AuditEntry[]): string[] => entries.map((entry) => entry.tool_call_id);

describe('reading the audit log', () => {
  beforeEach(async () => {
    await writeLog('audit.log.2', [
      auditEntry({ tool_call_id: 'a', time: at(1), conversation_id: 'conv-1' }),
      auditEntry({ tool_call_id: 'b', time: at(2), conversation_id: 'conv-2', tool: 'write_file', arguments: { path: 'x' } }),
    ]);
    await writeLog('audit.log.1', [
      auditEntry({ tool_call_id: 'c', time: at(3), conversation_id: 'conv-1', decision: 'denied', decided_by: { kind: 'timeout' } }),
    ]);
    await writeLog('audit.log', [
      auditEntry({ tool_call_id: 'd', time: at(4), conversation_id: 'conv-2' }),
      auditEntry({ tool_call_id: 'e', time: at(5), conversation_id: 'conv-1', decision: 'denied', decided_by: { kind: 'person', surface: 'window' } }),
    ]);
  });

  it('reads the rotated files too, oldest first, so the newest is last', async () => {
    const read = await readAuditLog(home);
    expect(ids(read.entries)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(read.skipped).toBe(0);
    expect(read.file).toBe(join(home, 'audit.log'));
  });

  it('filters by conversation, tool and decision', async () => {
    expect(ids((await readAuditLog(home, { conversation: 'conv-1' })).entries)).toEqual(['a', 'c', 'e']);
    expect(ids((await readAuditLog(home, { tool: 'write_file' })).entries)).toEqual(['b']);
    expect(ids((await readAuditLog(home, { decision: 'denied' })).entries)).toEqual(['c', 'e']);
    expect(ids((await readAuditLog(home, { conversation: 'conv-1', decision: 'allowed' })).entries)).toEqual(['a']);
  });

  it('keeps what was settled since a moment, and leaves out files last written before it without reading them', async () => {
    expect(ids((await readAuditLog(home, { since: new Date(at(3)) })).entries)).toEqual(['c', 'd', 'e']);
    // A rotated file last written long ago is not opened: were it read, its (bogus) recent line would show.
    await writeLog('audit.log.3', [auditEntry({ tool_call_id: 'stale', time: at(59) })]);
    const longAgo = new Date(Date.UTC(2020, 0, 1));
    await utimes(join(home, 'audit.log.3'), longAgo, longAgo);
    expect(ids((await readAuditLog(home, { since: new Date(at(3)) })).entries)).toEqual(['c', 'd', 'e']);
  });

  it('finds a conversation by the first 8 characters of its id (as `harombe audit` shows it), not by fewer', async () => {
    const id = '5f2c9a1e7b3d4c60a8e1f2b3c4d5e6f7';
    await writeLog('audit.log', [auditEntry({ tool_call_id: 'long', time: at(6), conversation_id: id })]);
    expect(ids((await readAuditLog(home, { conversation: '5f2c9a1e' })).entries)).toEqual(['long']);
    expect(ids((await readAuditLog(home, { conversation: id })).entries)).toEqual(['long']);
    expect((await readAuditLog(home, { conversation: '5f2c9a1' })).entries).toEqual([]);
  });

  it('gives the newest `limit` entries, still oldest first', async () => {
    expect(ids((await readAuditLog(home, { limit: 2 })).entries)).toEqual(['d', 'e']);
    expect(ids((await readAuditLog(home, { limit: 2, conversation: 'conv-1' })).entries)).toEqual(['c', 'e']);
  });

  it('orders by time across files written by two processes at once', async () => {
    // A second writer appended to audit.log.1 after the first had rotated: its line is newer than audit.log's first.
    await writeLog('audit.log.1', [auditEntry({ tool_call_id: 'c', time: at(3) }), auditEntry({ tool_call_id: 'late', time: at(4) })]);
    await writeLog('audit.log', [auditEntry({ tool_call_id: 'd', time: at(4) }), auditEntry({ tool_call_id: 'e', time: at(6) }), auditEntry({ tool_call_id: 'f', time: at(5) })]);
    expect(ids((await readAuditLog(home)).entries)).toEqual(['a', 'b', 'c', 'late', 'd', 'f', 'e']);
  });

  it('skips a last line cut short by a crash, and lines that are not entries, counting them', async () => {
    const whole = JSON.stringify(auditEntry({ tool_call_id: 'f', time: at(6) }));
    await writeLog('audit.log', [auditEntry({ tool_call_id: 'd', time: at(4) })], `not json\n{"time":"x"}\n${whole}\n${whole.slice(0, 50)}`);
    const read = await readAuditLog(home);
    expect(ids(read.entries)).toEqual(['a', 'b', 'c', 'd', 'f']);
    expect(read.skipped).toBe(3);
  });

  it('fills the limit with whole entries: a line that only looks like one is skipped, the next older shown', async () => {
    const broken = { time: at(6), conversation_id: 'conv-1', tool: 'shell', decision: 'allowed' };
    await writeLog('audit.log', [auditEntry({ tool_call_id: 'd', time: at(4) })], `${JSON.stringify(broken)}\n`);
    const read = await readAuditLog(home, { limit: 2 });
    expect(ids(read.entries)).toEqual(['c', 'd']);
    expect(read.skipped).toBe(1);
  });

  it('is empty, not an error, when nothing was logged yet (no file, or no home)', async () => {
    const fresh = join(home, 'fresh');
    await mkdir(fresh);
    expect((await readAuditLog(fresh)).entries).toEqual([]);
    expect((await readAuditLog(join(home, 'missing'))).entries).toEqual([]);
  });
});
