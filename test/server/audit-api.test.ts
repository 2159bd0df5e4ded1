// GET /audit in-process: the runtime's audit log read back through the API, filtered, local-token protected.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, readAuditLog } from '../../src/main/audit';
import { auditEntry, recordingLogger } from '../../src/main/audit/audit-test-entries';
import { createApp } from '../../src/main/server/app';
import { apiErrorSchema, auditResponseSchema } from '../../src/shared';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld } from '../support/fake-services';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'harombe-audit-api-'));
  const log = new AuditLog({ home, logger: recordingLogger() });
  const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
  log.record(auditEntry({ tool_call_id: 'old', time: minutesAgo(180), conversation_id: 'conv-a' }));
  log.record(auditEntry({ tool_call_id: 'denied', time: minutesAgo(20), conversation_id: 'conv-b', decision: 'denied', decided_by: { kind: 'person', surface: 'api' } }));
  log.record(auditEntry({ tool_call_id: 'recent', time: minutesAgo(5), conversation_id: 'conv-a', tool: 'write_file', arguments: { path: 'notes.md', content: 'hi' } }));
  await log.dispose();
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function setup(withAudit = true) {
  const world = fakeWorld({ overrides: withAudit ? { audit: { read: (query) => readAuditLog(home, query) } } : {} });
  return createApp(world.services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN });
}

async function entriesOf(response: Response): Promise<string[]> {
  expect(response.status).toBe(200);
  return auditResponseSchema.parse(await response.json()).entries.map((entry) => entry.tool_call_id);
}

describe('GET /audit', () => {
  it('answers the log, newest last, with the full arguments and who decided', async () => {
    const response = await call(setup(), '/audit');
    const body = auditResponseSchema.parse(await response.json());
    expect(body.entries.map((entry) => entry.tool_call_id)).toEqual(['old', 'denied', 'recent']);
    expect(body.entries[1]).toMatchObject({ decision: 'denied', decided_by: { kind: 'person', surface: 'api' } });
    expect(body.entries[2]?.arguments).toEqual({ path: 'notes.md', content: 'hi' });
    expect(body.file).toBe(join(home, 'audit.log'));
  });

  it('filters by conversation, since (a span or an ISO time), tool, decision, and limits to the newest', async () => {
    const app = setup();
    expect(await entriesOf(await call(app, '/audit?conversation=conv-a'))).toEqual(['old', 'recent']);
    expect(await entriesOf(await call(app, '/audit?since=1h'))).toEqual(['denied', 'recent']);
    expect(await entriesOf(await call(app, `/audit?since=${encodeURIComponent(new Date(Date.now() - 10 * 60_000).toISOString())}`))).toEqual(['recent']);
    expect(await entriesOf(await call(app, '/audit?tool=write_file'))).toEqual(['recent']);
    expect(await entriesOf(await call(app, '/audit?decision=denied'))).toEqual(['denied']);
    expect(await entriesOf(await call(app, '/audit?limit=2'))).toEqual(['denied', 'recent']);
    expect(await entriesOf(await call(app, '/audit?conversation=conv-a&since=2h&limit=5'))).toEqual(['recent']);
  });

  it('refuses a since that names no moment, or a bad limit, with 400 saying what it takes', async () => {
    const app = setup();
    const since = await call(app, '/audit?since=yesterday');
    expect(since.status).toBe(400);
    expect(JSON.stringify(apiErrorSchema.parse(await since.json()).error)).toMatch(/since must be an ISO time .* 1h, 2d/);
    expect((await call(app, '/audit?limit=0')).status).toBe(400);
    expect((await call(app, '/audit?decision=maybe')).status).toBe(400);
  });

  it('needs the local token, even from loopback', async () => {
    const response = await call(setup(), '/audit', { anonymous: true });
    expect(response.status).toBe(401);
  });

  it('says so when the server keeps no audit log', async () => {
    const response = await call(setup(false), '/audit');
    expect(response.status).toBe(503);
    expect(apiErrorSchema.parse(await response.json()).error.hint).toMatch(/audit\.log/);
  });
});
