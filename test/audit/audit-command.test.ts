// `harombe audit`: the table a person reads, --json for scripts, the filters, and where it reads from (the running
// server with the local token, else the file; the file too when the server cannot be asked).
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, readAuditLog } from '../../src/main/audit';
import { auditEntry, recordingLogger } from '../../src/main/audit/audit-test-entries';
import { HarombeServer } from '../../src/main/server';
import { ensureLocalToken } from '../../src/main/server/local-token';
import type { AuditEntry } from '../../src/shared';
import { fakeWorld } from '../support/fake-services';
import { pointHarombeHomeAt } from '../support/run-cli';
import { CliError } from '../../src/cli/cli-error';
import { registerAuditCommand, type AuditDependencies } from '../../src/cli/commands/audit-command';

let home: string;
let restoreHome: () => void;
// The real clock: the reader skips rotated files last written before --since, and the file system writes real times.
const NOW = new Date();
const minutesAgo = (minutes: number): string => new Date(NOW.getTime() - minutes * 60_000).toISOString();

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'harombe-audit-cli-'));
  restoreHome = pointHarombeHomeAt(home);
});
afterEach(async () => {
  restoreHome();
  await rm(home, { recursive: true, force: true });
});

async function logEntries(entries: AuditEntry[], where = home): Promise<void> {
  const log = new AuditLog({ home: where, logger: recordingLogger() });
  for (const entry of entries) log.record(entry);
  await log.dispose();
}

const SHELL_CALL = auditEntry({
  time: minutesAgo(90),
  conversation_id: '5f2c9a1e7b3d4c60a8e1f2b3c4d5e6f7',
  tool_call_id: 'one',
  arguments: { command: 'git status\nrm -rf build \u001b[31m' },
  decided_by: { kind: 'person', surface: 'window' },
  exit_code: 0,
  duration_ms: 1500,
});
const DENIED_WRITE = auditEntry({
  time: minutesAgo(30),
  conversation_id: '9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a',
  tool_call_id: 'two',
  tool: 'write_file',
  arguments: { path: 'notes/todo.md', content: 'hello' },
  decision: 'denied',
  decided_by: { kind: 'rule', rule: 'tools.approvals[2] (write_file `notes/**`: deny)' },
  ok: undefined,
  exit_code: undefined,
  duration_ms: undefined,
});
const TIMED_OUT = auditEntry({
  time: minutesAgo(10),
  conversation_id: '5f2c9a1e7b3d4c60a8e1f2b3c4d5e6f7',
  tool_call_id: 'three',
  arguments: { command: 'npm publish' },
  decision: 'denied',
  decided_by: { kind: 'timeout' },
  ok: undefined,
  exit_code: undefined,
  duration_ms: undefined,
});

async function runAudit(args: string[], overrides: Partial<AuditDependencies> = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let code: number | undefined;
  const program = new Command('harombe').exitOverride();
  registerAuditCommand(program, {
    stdout,
    stderr,
    env: { HAROMBE_HOME: home, NO_COLOR: '1' },
    now: () => NOW,
    findRunningServer: async () => undefined,
    setExitCode: (value) => (code = value),
    ...overrides,
  });
  await program.parseAsync(['node', 'harombe', 'audit', ...args]);
  return { code, stdout: out, stderr: err };
}

describe('harombe audit', () => {
  beforeEach(async () => {
    await logEntries([SHELL_CALL, DENIED_WRITE, TIMED_OUT]);
  });

  it('prints a table: time, conversation, tool, arguments on one line, decision, who decided, exit code, duration', async () => {
    const { code, stdout } = await runAudit([]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+CONVERSATION\s+TOOL\s+ARGUMENTS\s+DECISION\s+DECIDED BY\s+EXIT\s+TOOK$/);
    expect(lines).toHaveLength(4);
    // The newest last; the command on one line, its escape sequence gone.
    expect(lines[1]).toMatch(/5f2c9a1e\s+shell\s+git status ⏎ rm -rf build \[31m\s+allowed\s+person \(window\)\s+0\s+1\.5 s$/);
    expect(lines[1]).not.toContain('\u001b');
    expect(lines[2]).toMatch(/9d8e7f6a\s+write_file\s+notes\/todo\.md \(5 chars\)\s+denied\s+rule tools\.approvals\[2\] .*\s+-\s+-$/);
    expect(lines[3]).toMatch(/5f2c9a1e\s+shell\s+npm publish\s+denied\s+nobody \(timed out\)\s+-\s+-$/);
    // Columns line up under their titles.
    expect(lines[1]!.indexOf('git status')).toBe(lines[0]!.indexOf('ARGUMENTS'));
    expect(lines[3]!.indexOf('denied')).toBe(lines[0]!.indexOf('DECISION'));
  });

  it('filters with --since and --conversation (the 8 characters the table shows)', async () => {
    expect((await runAudit(['--since', '1h'])).stdout).not.toContain('git status');
    expect((await runAudit(['--since', '1h'])).stdout).toContain('npm publish');
    const mine = (await runAudit(['--conversation', '5f2c9a1e'])).stdout;
    expect(mine).toContain('git status');
    expect(mine).toContain('npm publish');
    expect(mine).not.toContain('write_file');
    expect((await runAudit(['--decision', 'denied', '--tool', 'shell'])).stdout.trimEnd().split('\n')).toHaveLength(2);
    expect((await runAudit(['-n', '1'])).stdout).toContain('npm publish');
    expect((await runAudit(['-n', '1'])).stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('--json prints the entries as the log holds them, one per line, full arguments included', async () => {
    const { stdout } = await runAudit(['--json', '--conversation', '5f2c9a1e7b3d4c60a8e1f2b3c4d5e6f7']);
    const entries = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.map((entry) => entry.tool_call_id)).toEqual(['one', 'three']);
    expect(entries[0]?.arguments).toEqual({ command: 'git status\nrm -rf build \u001b[31m' });
  });

  it('says the log is empty, or that nothing matches, naming the file', async () => {
    expect((await runAudit(['--tool', 'web_search'])).stdout).toBe(`No tool call in the audit log matches (${join(home, 'audit.log')}).\n`);
    await rm(join(home, 'audit.log'));
    expect((await runAudit([])).stdout).toBe(`The audit log is empty: no dangerous tool call has been settled yet (${join(home, 'audit.log')}).\n`);
  });

  it('says on stderr how many lines it could not read (a crash mid-write), and shows the rest', async () => {
    await appendFile(join(home, 'audit.log'), '{"time":"2026-');
    const { stdout, stderr } = await runAudit([]);
    expect(stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(stderr).toBe('1 line of the audit log could not be read (cut short by a crash, or edited by hand) and was left out.\n');
  });

  it('refuses a --since, --decision or --limit it cannot read, as a usage error saying what it takes', async () => {
    await expect(runAudit(['--since', 'yesterday'])).rejects.toMatchObject({ exitCode: 2, message: '--since "yesterday" names no moment', hint: expect.stringMatching(/1h, 2d/) });
    await expect(runAudit(['--decision', 'maybe'])).rejects.toBeInstanceOf(CliError);
    await expect(runAudit(['--limit', '0'])).rejects.toMatchObject({ exitCode: 2 });
  });

  describe('with a harombe server running', () => {
    let server: HarombeServer;
    let serverHome: string;
    beforeEach(async () => {
      // The server keeps its log in a home of its own: what it answers is its log, not this home's file.
      serverHome = await mkdtemp(join(tmpdir(), 'harombe-audit-server-'));
      await logEntries([auditEntry({ tool_call_id: 'from-server', time: minutesAgo(5), arguments: { command: 'make deploy' } })], serverHome);
      const world = fakeWorld({ overrides: { audit: { read: (query) => readAuditLog(serverHome, query) } } });
      server = new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: await ensureLocalToken(home) });
      await server.start();
    });
    afterEach(async () => {
      await server.stop({ graceDeadlineMs: 0 });
      await rm(serverHome, { recursive: true, force: true });
    });

    it('asks it (GET /audit, with the local token) instead of reading the file', async () => {
      const url = server.url!;
      const { stdout, stderr } = await runAudit(['--since', '1h'], { findRunningServer: async () => url });
      expect(stdout).toContain('make deploy');
      expect(stdout).not.toContain('npm publish');
      expect(stderr).toBe('');
    });

    it('reads the file, and says why, when the server does not accept the credential', async () => {
      await server.stop({ graceDeadlineMs: 0 });
      server = new HarombeServer(fakeWorld().services, { host: '127.0.0.1', port: 0, localToken: 'another-token-0123456789abcdefghijklmnopqrstuvwxyz' });
      await server.start();
      const url = server.url!;
      const { stdout, stderr } = await runAudit([], { findRunningServer: async () => url });
      expect(stdout).toContain('npm publish');
      expect(stderr).toMatch(new RegExp(`^The harombe server at ${url} could not be asked \\(.*\\); reading .*audit\\.log instead\\.\\n$`));
    });
  });
});
