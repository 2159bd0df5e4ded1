// Nothing that ran is missing from the audit log (issue 15 §3): a mix of approved, denied, rule-allowed, rule-denied,
// always-allowed, unattended and timed-out calls, through the API (a real server) and the CLI (in-process chats and
// chats through the server), compared with the Ollama stand-in's request log — every tool call the model made is in
// audit.log once, allowed exactly when it ran, with the right decider — then read back with `harombe audit`.
import { spawn } from 'node:child_process';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../../src/main/runtime';
import { writeServerRecord } from '../../src/cli/server/server-record';
import { auditEntrySchema, type AuditDecider, type AuditEntry } from '../../src/shared';
import { OllamaStandIn, type StandInChatRequest } from '../support/ollama-stand-in';
import { cliEnvironment, makeHome, pointHarombeHomeAt, runCli } from '../support/run-cli';
import { SseReader } from '../support/sse-reader';

let standIn: OllamaStandIn;
let runtime: HarombeRuntime;
let base: string;
let home: string;
let configPath: string;
let restoreHome: () => void;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** What the model calls for each message; every command is its own, so a call is found by its command. */
const SCRIPT: Record<string, string> = {
  'api approve': 'echo approved-by-api',
  'api deny': 'echo denied-by-api',
  'api rule': 'echo rule-allowed via-api',
  'api rule deny': 'echo rule-denied via-api',
  'api unattended': 'echo nobody-can-be-asked',
  'api slow': 'sleep 5',
  'api always': 'echo always-allowed',
  'api always again': 'echo always-allowed',
  'api nobody answers': 'echo nobody-answered',
  'cli yes': 'echo approved-by-cli-yes',
  'cli no terminal': 'echo denied-no-terminal',
  'cli rule': 'echo rule-allowed via-cli',
  'cli through the server': 'echo approved-through-server',
  'cli at the terminal': 'echo approved-at-the-terminal',
  'cli refused at the terminal': 'echo denied-at-the-terminal',
};

/** Who must have decided each command's call(s), in the order they were made. */
const EXPECTED: Record<string, Array<{ decision: AuditEntry['decision']; decided_by: Partial<AuditDecider> | { rule: RegExp } }>> = {
  'echo approved-by-api': [{ decision: 'allowed', decided_by: { kind: 'person', surface: 'api' } }],
  'echo denied-by-api': [{ decision: 'denied', decided_by: { kind: 'person', surface: 'api' } }],
  'echo rule-allowed via-api': [{ decision: 'allowed', decided_by: { kind: 'rule', rule: expect.stringContaining('tools.approvals[0]') } }],
  'echo rule-denied via-api': [{ decision: 'denied', decided_by: { kind: 'rule', rule: expect.stringContaining('tools.approvals[1]') } }],
  'echo nobody-can-be-asked': [{ decision: 'denied', decided_by: { kind: 'unattended' } }],
  'sleep 5': [{ decision: 'allowed', decided_by: { kind: 'rule', rule: expect.stringContaining('tools.approvals[2]') } }],
  'echo always-allowed': [
    { decision: 'allowed', decided_by: { kind: 'person', surface: 'api' } },
    { decision: 'allowed', decided_by: { kind: 'always_allow' } },
  ],
  'echo nobody-answered': [{ decision: 'denied', decided_by: { kind: 'timeout' } }],
  // --yes in-process and through a server alike: the person at the CLI, who approved ahead.
  'echo approved-by-cli-yes': [{ decision: 'allowed', decided_by: { kind: 'person', surface: 'cli' } }],
  'echo denied-no-terminal': [{ decision: 'denied', decided_by: { kind: 'unattended' } }],
  'echo rule-allowed via-cli': [{ decision: 'allowed', decided_by: { kind: 'rule', rule: expect.stringContaining('tools.approvals[0]') } }],
  // --yes through a server: the CLI answers the server's question, as the person who gave --yes.
  'echo approved-through-server': [{ decision: 'allowed', decided_by: { kind: 'person', surface: 'cli' } }],
  'echo approved-at-the-terminal': [{ decision: 'allowed', decided_by: { kind: 'person', surface: 'cli' } }],
  'echo denied-at-the-terminal': [{ decision: 'denied', decided_by: { kind: 'person', surface: 'cli' } }],
};

beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  // Whole messages: a string would match as a part ('api rule' in 'api rule deny').
  for (const [message, command] of Object.entries(SCRIPT)) standIn.on({ lastUserMessage: new RegExp(`^${message}$`) }).callTool('shell', { command });
  standIn.on({ afterToolResult: 'shell' }).reply('noted');
  home = await makeHome();
  restoreHome = pointHarombeHomeAt(home);
  const workspace = join(home, 'workspace');
  await mkdir(workspace, { recursive: true });
  configPath = join(home, 'harombe.yaml');
  await writeFile(
    configPath,
    [
      'model:',
      '  name: qwen2.5:7b',
      'ollama:',
      `  host: ${standIn.url}`,
      'tools:',
      '  sandbox: none',
      '  web_search: false',
      `  workspace: ${workspace}`,
      '  shell_timeout: 1',
      '  approvals:',
      '    - { tool: shell, match: echo rule-allowed, decision: allow }',
      '    - { tool: shell, match: echo rule-denied, decision: deny }',
      '    - { tool: shell, match: sleep 5, decision: allow }',
      '',
    ].join('\n'),
  );
  runtime = await HarombeRuntime.create({ configPath, home, port: 0, logger: quiet });
  base = (await runtime.start()).url;
  // As `harombe start` leaves it: the CLI finds this server (`harombe audit`, `chat --server`) through it.
  await writeServerRecord({ pid: process.pid, url: base, config: configPath, started_at: new Date().toISOString() });
}, 60_000);

afterAll(async () => {
  await runtime?.dispose({ graceDeadlineMs: 1000 });
  await standIn?.stop();
  restoreHome?.();
  if (home) await rm(home, { recursive: true, force: true });
});

const signedIn = () => ({ authorization: `Bearer ${runtime.localToken}`, 'content-type': 'application/json' });

/** A turn over /chat/stream; `answer` settles its confirmation (if one comes) as a person in a window or script would. */
async function streamTurn(url: string, body: Record<string, unknown>, answer?: Record<string, unknown>): Promise<string> {
  const stream = await SseReader.open(`${url}/chat/stream`, body);
  if (answer) {
    const confirm = await stream.until('confirm_required');
    const id = (confirm!.data as { confirmation_id: string }).confirmation_id;
    const response = await fetch(`${url}/confirmations/${id}`, { method: 'POST', headers: signedIn(), body: JSON.stringify(answer) });
    expect(response.status).toBe(200);
  }
  const events = await stream.rest();
  const done = events.find((event) => event.event === 'done');
  expect(done, JSON.stringify(events)).toBeDefined();
  return (done!.data as { conversation_id: string }).conversation_id;
}

async function chatOnce(message: string): Promise<void> {
  const response = await fetch(`${base}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  expect(response.status).toBe(200);
}

interface MadeCall {
  command: string;
  ran: boolean;
}

/** Every tool call the model made, from the stand-in's side: each result it was sent back says whether the call ran. */
function callsTheModelMade(requests: readonly StandInChatRequest[]): MadeCall[] {
  return requests.flatMap((request) => {
    const result = request.lastToolResult;
    if (!result) return [];
    const assistant = request.messages.findLast((message) => message.tool_calls?.some((call) => call.id === result.tool_call_id) ?? false);
    const call = assistant?.tool_calls?.find((candidate) => candidate.id === result.tool_call_id) ?? assistant?.tool_calls?.[0];
    const command = (JSON.parse(call?.arguments ?? '{}') as { command?: string }).command ?? '?';
    return [{ command, ran: !/was not run|declined to run|it was not run/.test(result.content) }];
  });
}

/**
 * An interactive `harombe chat` in a pseudo-terminal: each message is typed at the prompt, each question answered once
 * it is on screen (an answer typed ahead is ignored, as it should be), then /exit.
 */
async function chatAtTerminal(turns: Array<[message: string, answer: string]>): Promise<void> {
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(process.cwd(), 'bin', 'harombe.js'))} chat`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: home, env: cliEnvironment(home, { TERM: 'dumb' }), stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  const waiters: Array<{ text: string; seen: number; resolve: () => void }> = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (screen.indexOf(waiter.text, waiter.seen) === -1) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    check();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // A safety net, not a measure: a screen that never shows the text fails with what it did show.
  const shown = (text: string) => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`never showed ${JSON.stringify(text)}; the screen:\n${screen}`)), 60_000);
    waiters.push({ text, seen: screen.length, resolve: () => (clearTimeout(timer), resolve()) });
    check();
  });
  try {
    await shown('you › ');
    for (const [message, answer] of turns) {
      const question = shown('[y/N/a(lways)]');
      child.stdin.write(`${message}\r`);
      await question;
      const answered = shown('noted');
      child.stdin.write(`${answer}\r`);
      await answered;
    }
    child.stdin.write('/exit\r');
    expect(await exited, screen).toBe(0);
  } finally {
    child.kill('SIGKILL');
  }
}

const commandOf = (entry: AuditEntry): string => (entry.arguments as { command?: string }).command ?? '?';

describe('the audit log, end to end', () => {
  it('holds every tool call the model made, once, allowed exactly when it ran, with who decided', async () => {
    // Through the API: a person answers in a script (allow, deny, always allow), rules settle, nobody can be asked.
    await streamTurn(base, { message: 'api approve' }, { decision: 'allow_once' });
    await streamTurn(base, { message: 'api deny' }, { decision: 'deny' });
    await chatOnce('api rule');
    await chatOnce('api rule deny');
    await chatOnce('api unattended');
    await chatOnce('api slow');
    const always = await streamTurn(base, { message: 'api always' }, { decision: 'always_allow' });
    await streamTurn(base, { message: 'api always again', conversation_id: always });

    // A second server on the same home whose confirmations expire at once: nobody answers in time.
    const impatient = await HarombeRuntime.create({ configPath, home, port: 0, logger: quiet, confirmationTimeoutMs: 200 });
    try {
      const url = (await impatient.start()).url;
      const stream = await SseReader.open(`${url}/chat/stream`, { message: 'api nobody answers' });
      const events = await stream.rest();
      expect(events.find((event) => event.event === 'tool_result')?.data).toMatchObject({ ok: false, output: expect.stringContaining('No one approved') });
    } finally {
      await impatient.dispose({ graceDeadlineMs: 1000 });
    }

    // Through the CLI: in-process chats (--yes, no terminal, a rule) and one through the running server.
    for (const args of [['--yes', '-m', 'cli yes'], ['-m', 'cli no terminal'], ['-m', 'cli rule'], ['--server', base, '--yes', '-m', 'cli through the server']]) {
      const result = await runCli(['chat', ...args], { home, timeoutMs: 60_000 });
      expect(result.code, result.stderr).toBe(0);
    }

    // At a terminal (a pseudo-terminal through script(1)): the person answers y, then n, at the prompt.
    await chatAtTerminal([
      ['cli at the terminal', 'y'],
      ['cli refused at the terminal', 'n'],
    ]);

    // Read back as a script would: `harombe audit --json`, which asks the running server.
    const cli = await runCli(['audit', '--json', '--limit', '1000'], { home, timeoutMs: 60_000 });
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stderr).toBe('');
    const audited = cli.stdout.trimEnd().split('\n').map((line) => auditEntrySchema.parse(JSON.parse(line)));

    const made = callsTheModelMade(standIn.chatRequests);
    expect(made).toHaveLength(Object.keys(SCRIPT).length);
    const key = (command: string, allowed: boolean) => `${command} → ${allowed ? 'allowed' : 'denied'}`;
    expect(audited.map((entry) => key(commandOf(entry), entry.decision === 'allowed')).sort()).toEqual(made.map((call) => key(call.command, call.ran)).sort());

    for (const [command, expected] of Object.entries(EXPECTED)) {
      const entries = audited.filter((entry) => commandOf(entry) === command);
      expect(entries.map(({ decision, decided_by }) => ({ decision, decided_by })), command).toEqual(expected.map(({ decision, decided_by }) => ({ decision, decided_by: expect.objectContaining(decided_by) })));
    }
    // How the calls that ran ended: the shell's exit code, or a kill after shell_timeout.
    expect(audited.find((entry) => commandOf(entry) === 'echo approved-by-api')).toMatchObject({ ok: true, exit_code: 0, tool: 'shell', dangerous: true });
    expect(audited.find((entry) => commandOf(entry) === 'sleep 5')).toMatchObject({ ok: false });
    expect(audited.filter((entry) => entry.decision === 'denied').every((entry) => entry.exit_code === undefined && entry.duration_ms === undefined)).toBe(true);
    expect(new Set(audited.filter((entry) => commandOf(entry) === 'echo always-allowed').map((entry) => entry.conversation_id))).toEqual(new Set([always]));

    // The file itself: private, one whole line per call (the server, a second server and four CLI processes wrote it).
    expect((await stat(join(home, 'audit.log'))).mode & 0o777).toBe(0o600);
    const table = await runCli(['audit', '--since', '1h', '--tool', 'shell', '-n', '1000'], { home, timeoutMs: 60_000 });
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(audited.length + 1);
    expect(table.stdout).toMatch(/sleep 5\s+allowed\s+rule tools\.approvals\[2\]/);
  }, 180_000);
});
