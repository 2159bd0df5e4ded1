// The audit log file: one JSON line per settled call, 0600, rotated by size, lines whole under concurrent writers and
// after a crash mid-line, and a failing disk that is said once and never reaches the turn.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditEntrySchema } from '../../shared';
import { AuditLog } from './audit-log';
import { readAuditLog } from './audit-reader';
import { auditEntry, recordingLogger } from './audit-test-entries';

let root: string;
let home: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'harombe-audit-'));
  home = join(root, 'home');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function lines(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
}

describe('the audit log', () => {
  it('appends each entry as one JSON line to $HAROMBE_HOME/audit.log, readable by its owner only', async () => {
    const log = new AuditLog({ home, logger: recordingLogger() });
    log.record(auditEntry({ tool_call_id: 'a', arguments: { command: 'rm -rf build' } }));
    log.record(auditEntry({ tool_call_id: 'b', decision: 'denied', decided_by: { kind: 'rule', rule: 'tools.approvals[0]' } }));
    await log.dispose();
    const written = await lines(join(home, 'audit.log'));
    expect(written).toHaveLength(2);
    expect(written.map((line) => auditEntrySchema.parse(JSON.parse(line)).tool_call_id)).toEqual(['a', 'b']);
    expect(JSON.parse(written[0]!).arguments).toEqual({ command: 'rm -rf build' });
    expect((await stat(join(home, 'audit.log'))).mode & 0o777).toBe(0o600);
  });

  it('writes only the line’s own fields, whatever else the caller’s object carries', async () => {
    const log = new AuditLog({ home, logger: recordingLogger() });
    log.record({ ...auditEntry(), secretToken: 'abc' } as never);
    await log.dispose();
    expect(await readFile(join(home, 'audit.log'), 'utf8')).not.toContain('secretToken');
  });

  it('narrows an existing log that others could read to 0600, and says so once', async () => {
    await mkdir(home, { recursive: true });
    await writeFile(join(home, 'audit.log'), `${JSON.stringify(auditEntry({ tool_call_id: 'old' }))}\n`);
    await chmod(join(home, 'audit.log'), 0o644);
    const logger = recordingLogger();
    const log = new AuditLog({ home, logger });
    log.record(auditEntry({ tool_call_id: 'new-1' }));
    log.record(auditEntry({ tool_call_id: 'new-2' }));
    await log.dispose();
    expect((await stat(join(home, 'audit.log'))).mode & 0o777).toBe(0o600);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/audit\.log could be read by other users \(mode 0644\); harombe set it to 0600/);
    expect((await readAuditLog(home)).entries.map((entry) => entry.tool_call_id)).toEqual(['old', 'new-1', 'new-2']);
  });

  it('rotates by size into audit.log.1 … audit.log.N, keeps N, each 0600, and the reader sees them in order', async () => {
    const log = new AuditLog({ home, logger: recordingLogger(), maxBytes: 2000, keep: 2 });
    const count = 60;
    for (let index = 0; index < count; index += 1) {
      log.record(auditEntry({ tool_call_id: `call-${index}`, time: new Date(Date.UTC(2026, 0, 2, 9, 0, index)).toISOString() }));
    }
    await log.dispose();
    expect((await readdir(home)).sort()).toEqual(['audit.log', 'audit.log.1', 'audit.log.2']);
    for (const name of ['audit.log', 'audit.log.1', 'audit.log.2']) {
      expect((await stat(join(home, name))).mode & 0o777).toBe(0o600);
      // Rotated once past the size: a file is at most one line over it.
      expect((await stat(join(home, name))).size).toBeLessThan(2000 + 400);
    }
    const { entries } = await readAuditLog(home, { limit: 1000 });
    const ids = entries.map((entry) => entry.tool_call_id);
    // What is kept is the newest calls, without a gap and in the order they were made.
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.length).toBeLessThan(count);
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, index) => `call-${count - ids.length + index}`));
  });

  it('keeps every line whole when many entries are recorded at once by two writers (the server and a CLI chat)', async () => {
    const server = new AuditLog({ home, logger: recordingLogger() });
    const chat = new AuditLog({ home, logger: recordingLogger() });
    const big = 'x'.repeat(20_000);
    for (let index = 0; index < 200; index += 1) {
      server.record(auditEntry({ tool_call_id: `server-${index}`, arguments: { command: `echo ${big}` } }));
      chat.record(auditEntry({ tool_call_id: `chat-${index}`, arguments: { command: `echo ${big}` } }));
    }
    await Promise.all([server.dispose(), chat.dispose()]);
    const written = await lines(join(home, 'audit.log'));
    expect(written).toHaveLength(400);
    const ids = written.map((line) => auditEntrySchema.parse(JSON.parse(line)).tool_call_id);
    expect(new Set(ids).size).toBe(400);
  });

  it('starts on a fresh line after a crash cut the last one short, so only the torn line is lost', async () => {
    await mkdir(home, { recursive: true, mode: 0o700 });
    const whole = JSON.stringify(auditEntry({ tool_call_id: 'before-crash' }));
    await writeFile(join(home, 'audit.log'), `${whole}\n${whole.slice(0, 40)}`, { mode: 0o600 });
    const log = new AuditLog({ home, logger: recordingLogger() });
    log.record(auditEntry({ tool_call_id: 'after-restart' }));
    await log.dispose();
    const read = await readAuditLog(home);
    expect(read.entries.map((entry) => entry.tool_call_id)).toEqual(['before-crash', 'after-restart']);
    expect(read.skipped).toBe(1);
  });

  it('never throws at the turn when the file cannot be written: says so once, and writes again once it can', async () => {
    // The home's parent is a file: no folder can be made there (root ignores permissions, so this is the sure way).
    await writeFile(join(root, 'blocker'), '');
    const blocked = join(root, 'blocker', 'home');
    const logger = recordingLogger();
    const log = new AuditLog({ home: blocked, logger });
    expect(() => {
      log.record(auditEntry({ tool_call_id: 'lost-1' }));
      log.record(auditEntry({ tool_call_id: 'lost-2' }));
    }).not.toThrow();
    await log.flush();
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/^Could not write the audit log .*blocker\/home\/audit\.log: .*ENOTDIR.*The shell call of conversation conv-1 .* is not recorded there; check that the folder is writable/);
    await rm(join(root, 'blocker'));
    log.record(auditEntry({ tool_call_id: 'kept' }));
    await log.dispose();
    expect((await readAuditLog(blocked)).entries.map((entry) => entry.tool_call_id)).toEqual(['kept']);
    expect(logger.warnings).toHaveLength(1);
  });

  it('says clearly when audit.log is not a file, and leaves the folder in its place as it was', async () => {
    await mkdir(join(home, 'audit.log'), { recursive: true, mode: 0o755 });
    const logger = recordingLogger();
    const log = new AuditLog({ home, logger });
    log.record(auditEntry());
    await log.dispose();
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/^Could not write the audit log .*audit\.log: EISDIR/);
    expect((await stat(join(home, 'audit.log'))).mode & 0o777).toBe(0o755);
  });

  it('writes what was queued before dispose() returns, and refuses (and says) an entry after it', async () => {
    const logger = recordingLogger();
    const log = new AuditLog({ home, logger });
    for (let index = 0; index < 50; index += 1) log.record(auditEntry({ tool_call_id: `call-${index}` }));
    await log.dispose();
    expect(await lines(join(home, 'audit.log'))).toHaveLength(50);
    log.record(auditEntry({ tool_call_id: 'late' }));
    expect(logger.warnings.join('\n')).toMatch(/audit log was closed/);
  });
});
