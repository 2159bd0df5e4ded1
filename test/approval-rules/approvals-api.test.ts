// The approvals API through the real runtime: rules listed, added and removed (harombe.yaml keeps its comments, the
// change applies at once), "always allow" everywhere from an answer, and approval modes per conversation.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../../src/main/runtime';
import type { ApprovalRuleEntry, ConfirmRequiredEvent } from '../../src/shared';
import { OllamaStandIn } from '../support/ollama-stand-in';
import { makeHome, pointHarombeHomeAt } from '../support/run-cli';
import { SseReader } from '../support/sse-reader';

let standIn: OllamaStandIn;
let runtime: HarombeRuntime;
let base: string;
let configFile: string;
let restoreHome: () => void;

const YAML = (host: string, workspace: string) => `model:
  name: qwen2.5:7b
ollama:
  host: ${host}
tools:
  sandbox: none
  web_search: false
  workspace: ${workspace}
  approvals:
    # my rules: keep this comment
    - { tool: shell, match: echo, decision: allow }
    - { tool: shell, match: "ls; pwd", decision: allow }   # cannot be read: two commands
`;

beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  const home = await makeHome();
  restoreHome = pointHarombeHomeAt(home);
  const workspace = join(home, 'workspace');
  await mkdir(workspace, { recursive: true });
  configFile = join(home, 'harombe.yaml');
  await writeFile(configFile, YAML(standIn.url, workspace));
  runtime = await HarombeRuntime.create({ configPath: configFile, port: 0 });
  base = (await runtime.start()).url;
});
afterAll(async () => {
  await runtime?.stop({ graceDeadlineMs: 1000 });
  await standIn?.stop();
  restoreHome?.();
});
afterEach(() => standIn.reset());

const signedIn = () => ({ authorization: `Bearer ${runtime.localToken}`, 'content-type': 'application/json' });
const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, { method, headers: signedIn(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

function script(trigger: RegExp, command: string): void {
  standIn.on({ lastUserMessage: trigger }).callTool('shell', { command });
  standIn.on({ afterToolResult: 'shell' }).reply((request) => `Tool said: ${request.lastToolResult?.content.trim()}`);
}

describe('GET/POST/DELETE /approvals/rules', () => {
  it('lists each rule with a stable id, its index, label and any problem, and the default mode', async () => {
    const { status, body } = await api('GET', '/approvals/rules');
    expect(status).toBe(200);
    expect(body.approval_mode).toBe('ask');
    const rules = body.rules as ApprovalRuleEntry[];
    expect(rules.map(({ index, label, tool, match, decision }) => ({ index, label, tool, match, decision }))).toEqual([
      { index: 0, label: 'tools.approvals[0] (shell `echo`: allow)', tool: 'shell', match: 'echo', decision: 'allow' },
      { index: 1, label: 'tools.approvals[1] (shell `ls; pwd`: allow)', tool: 'shell', match: 'ls; pwd', decision: 'allow' },
    ]);
    expect(rules[0]!.problem).toBeUndefined();
    expect(rules[1]!.problem).toMatch(/is left out: its match must be one plain command/);
    expect(rules[0]!.id).toMatch(/^[0-9a-f]{10}$/);
  });

  it('adds a rule to harombe.yaml, comments kept, applied at once; removes it by id', async () => {
    const added = await api('POST', '/approvals/rules', { tool: 'shell', match: 'mkdir', decision: 'allow' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ index: 2, label: 'tools.approvals[2] (shell `mkdir`: allow)' });
    const yaml = await readFile(configFile, 'utf8');
    expect(yaml).toContain('# my rules: keep this comment');
    expect(yaml).toContain('# cannot be read: two commands');
    expect(yaml).toMatch(/tool: shell\s+match: mkdir\s+decision: allow/);

    script(/make it/, 'mkdir made');
    const events = await (await SseReader.open(`${base}/chat/stream`, { message: 'make it' })).rest();
    expect(events.map((event) => event.event)).not.toContain('confirm_required');

    // Another rule's id does not change when one before it goes.
    const before = (await api('GET', '/approvals/rules')).body.rules as ApprovalRuleEntry[];
    const removed = await api('DELETE', `/approvals/rules/${before[1]!.id}`);
    expect(removed).toMatchObject({ status: 200, body: { removed: true, rule: { match: 'ls; pwd' } } });
    const after = (await api('GET', '/approvals/rules')).body.rules as ApprovalRuleEntry[];
    expect(after.map((rule) => rule.id)).toEqual([before[0]!.id, before[2]!.id]);
    expect(await readFile(configFile, 'utf8')).toContain('# my rules: keep this comment');
    await api('DELETE', `/approvals/rules/${before[2]!.id}`);
  });

  it('refuses a rule the schema does not accept, and an unknown id', async () => {
    expect((await api('POST', '/approvals/rules', { tool: 'shell', decision: 'maybe' })).status).toBe(400);
    expect(await api('DELETE', '/approvals/rules/nope')).toMatchObject({ status: 404, body: { error: { code: 'rule_not_found' } } });
  });
});

describe('"always allow" everywhere from an answer', () => {
  it('saves the rule to harombe.yaml, allows the matching call waiting in another conversation, and holds for new ones', async () => {
    script(/first/, 'touch one.txt');
    script(/second/, 'touch two.txt');
    const first = await SseReader.open(`${base}/chat/stream`, { message: 'first' });
    const asked = (await first.until('confirm_required'))!.data as ConfirmRequiredEvent;
    const second = await SseReader.open(`${base}/chat/stream`, { message: 'second' });
    const waiting = (await second.until('confirm_required'))!.data as ConfirmRequiredEvent;
    expect(asked.asked_because).toBe('shell is dangerous and no rule in tools.approvals allows `touch one.txt`');
    expect(asked.always_allow_options?.map((option) => option.label)).toEqual(['this exact command `touch one.txt`', 'commands starting with `touch`', 'every shell command']);

    const answered = await api('POST', `/confirmations/${asked.confirmation_id}`, { decision: 'always_allow', scope: 'prefix', where: 'everywhere', surface: 'window' });
    expect(answered).toMatchObject({ status: 200, body: { rule: { tool: 'shell', match: 'touch' }, where: 'everywhere', also_settled: [waiting.confirmation_id] } });
    await Promise.all([first.rest(), second.rest()]);
    const yaml = await readFile(configFile, 'utf8');
    expect(yaml).toContain('# my rules: keep this comment');
    expect(yaml).toMatch(/tool: shell\s+match: touch\s+decision: allow/);

    standIn.reset();
    script(/third/, 'touch three.txt');
    const third = await (await SseReader.open(`${base}/chat/stream`, { message: 'third' })).rest();
    expect(third.map((event) => event.event)).not.toContain('confirm_required');
    const rules = (await api('GET', '/approvals/rules')).body.rules as ApprovalRuleEntry[];
    await api('DELETE', `/approvals/rules/${rules.find((rule) => rule.match === 'touch')!.id}`);
  });

  it('answers 400 for a scope the call does not offer, and leaves it waiting', async () => {
    script(/wipe/, 'rm -rf build');
    const stream = await SseReader.open(`${base}/chat/stream`, { message: 'wipe' });
    const asked = (await stream.until('confirm_required'))!.data as ConfirmRequiredEvent;
    expect(asked.always_allow_options?.map((option) => option.scope)).toEqual(['exact']);
    expect(await api('POST', `/confirmations/${asked.confirmation_id}`, { decision: 'always_allow', scope: 'tool' })).toMatchObject({ status: 400, body: { error: { code: 'invalid_scope' } } });
    expect(await api('POST', `/confirmations/${asked.confirmation_id}`, { decision: 'deny' })).toMatchObject({ status: 200 });
    await stream.rest();
  });
});

describe('approval modes per conversation', () => {
  it('a chat body chooses the mode, it is kept on the conversation, and PUT changes it back', async () => {
    script(/trust me/, 'touch trusted.txt');
    const events = await (await SseReader.open(`${base}/chat/stream`, { message: 'trust me', approval_mode: 'trusted' })).rest();
    expect(events.map((event) => event.event)).not.toContain('confirm_required');
    const id = (events.at(-1)!.data as { conversation_id: string }).conversation_id;
    expect((await api('GET', `/conversations/${id}`)).body.approval_mode).toBe('trusted');

    expect(await api('PUT', `/conversations/${id}/approval-mode`, { approval_mode: null })).toMatchObject({
      status: 200,
      body: { conversation_id: id, approval_mode: null, effective_mode: 'ask' },
    });
    expect((await api('GET', `/conversations/${id}`)).body.approval_mode).toBeUndefined();
    expect(await api('PUT', `/conversations/${id}/approval-mode`, { approval_mode: 'chat_only' })).toMatchObject({ body: { effective_mode: 'chat_only' } });
    expect((await api('PUT', '/conversations/missing/approval-mode', { approval_mode: 'ask' })).status).toBe(404);
  });
});
