// tools.approvals through the real runtime (harombe.yaml → agent → tools → HTTP) with the Ollama stand-in scripting the calls.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../../src/main/runtime';
import { OllamaStandIn } from '../support/ollama-stand-in';
import { makeHome } from '../support/run-cli';
import { SseReader } from '../support/sse-reader';

let standIn: OllamaStandIn;
let runtime: HarombeRuntime;
let base: string;
let workspace: string;
let previousHome: string | undefined;

const RULES = `  approvals:
    # a comment beside the rules, as a person would keep one
    - { tool: shell, match: echo, decision: allow }
    - { tool: shell, match: touch, decision: deny }
    - tool: write_file
      match: "notes/**"
      decision: allow
    - { tool: write_file, match: "secrets/**", decision: deny }
`;

beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  const home = await makeHome();
  previousHome = process.env['HAROMBE_HOME'];
  process.env['HAROMBE_HOME'] = home;
  workspace = join(home, 'workspace');
  await mkdir(workspace, { recursive: true });
  const config = join(home, 'harombe.yaml');
  await writeFile(
    config,
    `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n  workspace: ${workspace}\n${RULES}`,
  );
  runtime = await HarombeRuntime.create({ configPath: config, port: 0 });
  base = (await runtime.start()).url;
});
afterAll(async () => {
  await runtime?.stop({ graceDeadlineMs: 1000 });
  await standIn?.stop();
  if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
  else process.env['HAROMBE_HOME'] = previousHome;
});
afterEach(() => standIn.reset());

const signedIn = () => ({ authorization: `Bearer ${runtime.localToken}`, 'content-type': 'application/json' });

function script(tool: string, args: Record<string, unknown>): void {
  standIn.on({ lastUserMessage: /do it/ }).callTool(tool, args);
  standIn.on({ afterToolResult: tool }).reply((request) => `Tool said: ${request.lastToolResult?.content.trim()}`);
}

const exists = (path: string) => readFile(join(workspace, path)).then(() => true, () => false);

describe('approval rules in a turn', () => {
  it('runs a dangerous call an allow rule covers without asking anyone', async () => {
    script('shell', { command: 'echo ruled' });
    const events = await (await SseReader.open(`${base}/chat/stream`, { message: 'do it' })).rest();
    expect(events.map((event) => event.event)).not.toContain('confirm_required');
    expect(events.find((event) => event.event === 'tool_result')?.data).toMatchObject({ ok: true, output: expect.stringContaining('ruled') });
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { response: expect.stringMatching(/^Tool said: ruled/) } });
  });

  it('refuses a call a deny rule names, runs nothing and tells the model which rule', async () => {
    script('shell', { command: 'echo first && touch denied.txt' });
    const events = await (await SseReader.open(`${base}/chat/stream`, { message: 'do it' })).rest();
    expect(events.map((event) => event.event)).not.toContain('confirm_required');
    expect(events.find((event) => event.event === 'tool_result')?.data).toMatchObject({ ok: false, output: expect.stringContaining('denied by tools.approvals[1]') });
    expect(standIn.lastChatRequest?.lastToolResult?.content).toContain('denied by tools.approvals[1] (shell `touch`: deny)');
    expect(await exists('denied.txt')).toBe(false);
  });

  it('asks the person as before when only part of a compound command is allowed', async () => {
    script('shell', { command: 'echo hi; mkdir sneaky' });
    const stream = await SseReader.open(`${base}/chat/stream`, { message: 'do it' });
    const confirm = await stream.until('confirm_required');
    expect(confirm?.data).toMatchObject({ description: 'shell: echo hi; mkdir sneaky' });
    const id = (confirm!.data as { confirmation_id: string }).confirmation_id;
    await fetch(`${base}/confirmations/${id}`, { method: 'POST', headers: signedIn(), body: '{"decision":"deny"}' });
    await stream.rest();
    expect(await exists('sneaky')).toBe(false);
  });

  it('holds a rule where no one can be asked (plain POST /chat), and still refuses what no rule allows', async () => {
    script('shell', { command: 'echo unattended' });
    const allowed = await fetch(`${base}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"do it"}' });
    expect(((await allowed.json()) as { response: string }).response).toMatch(/^Tool said: unattended/);
    standIn.reset();
    script('shell', { command: 'mkdir unattended' });
    const refused = await fetch(`${base}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"do it"}' });
    expect(((await refused.json()) as { response: string }).response).toMatch(/needs a person's approval/);
    expect(await exists('unattended')).toBe(false);
  });

  it('writes a file a path glob allows without asking, and refuses one a deny glob names', async () => {
    script('write_file', { path: 'notes/todo.md', content: 'buy milk' });
    const allowed = await (await SseReader.open(`${base}/chat/stream`, { message: 'do it' })).rest();
    expect(allowed.map((event) => event.event)).not.toContain('confirm_required');
    expect(await readFile(join(workspace, 'notes/todo.md'), 'utf8')).toBe('buy milk');
    standIn.reset();
    script('write_file', { path: 'secrets/../secrets/key', content: 'x' });
    const asked = await SseReader.open(`${base}/chat/stream`, { message: 'do it' });
    // `..` is never matched by a glob: asked, not silently allowed or denied.
    const confirm = await asked.until('confirm_required');
    await fetch(`${base}/confirmations/${(confirm!.data as { confirmation_id: string }).confirmation_id}`, { method: 'POST', headers: signedIn(), body: '{"decision":"deny"}' });
    await asked.rest();
    standIn.reset();
    script('write_file', { path: 'secrets/key', content: 'x' });
    const denied = await (await SseReader.open(`${base}/chat/stream`, { message: 'do it' })).rest();
    expect(denied.find((event) => event.event === 'tool_result')?.data).toMatchObject({ ok: false, output: expect.stringContaining('denied by tools.approvals[3]') });
    expect(await exists('secrets/key')).toBe(false);
  });
});
