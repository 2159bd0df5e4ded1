// The runtime's audit log across its life: an assistant rebuilt by a config change reports to the same log, and a call
// still waiting for a person when harombe stops is recorded as cancelled before the log closes.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../../src/main/runtime';
import { auditEntrySchema, auditResponseSchema, type AuditEntry } from '../../src/shared';
import { Gate } from '../support/fake-services';
import { OllamaStandIn } from '../support/ollama-stand-in';
import { makeHome } from '../support/run-cli';

let standIn: OllamaStandIn;
let runtime: HarombeRuntime | undefined;
let home: string;
let base: string;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeEach(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  standIn.on({ lastUserMessage: /^rule$/ }).callTool('shell', { command: 'echo by-rule' });
  standIn.on({ lastUserMessage: /^wait$/ }).callTool('shell', { command: 'echo never-answered' });
  standIn.on({ afterToolResult: 'shell' }).reply('noted');
  home = await makeHome();
  const workspace = join(home, 'workspace');
  await mkdir(workspace, { recursive: true });
  const configPath = join(home, 'harombe.yaml');
  await writeFile(
    configPath,
    `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n  workspace: ${workspace}\n  approvals:\n    - { tool: shell, match: echo by-rule, decision: allow }\n`,
  );
  runtime = await HarombeRuntime.create({ configPath, home, port: 0, logger: quiet });
  base = (await runtime.start()).url;
});
afterEach(async () => {
  await runtime?.dispose({ graceDeadlineMs: 0 });
  await standIn.stop();
  await rm(home, { recursive: true, force: true });
});

const signedIn = () => ({ authorization: `Bearer ${runtime!.localToken}`, 'content-type': 'application/json' });

async function audit(): Promise<AuditEntry[]> {
  const response = await fetch(`${base}/audit`, { headers: signedIn() });
  return auditResponseSchema.parse(await response.json()).entries;
}

describe("the runtime's audit log", () => {
  it('stays the same after a config change rebuilds the assistant', async () => {
    const config = (await (await fetch(`${base}/config`, { headers: signedIn() })).json()) as { config: { tools: Record<string, unknown> } };
    const changed = { ...config.config, tools: { ...config.config.tools, shell_timeout: 7 } };
    const put = await fetch(`${base}/config`, { method: 'PUT', headers: signedIn(), body: JSON.stringify({ config: changed }) });
    expect(put.status).toBe(200);
    const chat = await fetch(`${base}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"rule"}' });
    expect(chat.status).toBe(200);
    expect((await audit()).map((entry) => [entry.arguments, entry.decision, entry.decided_by.kind])).toEqual([[{ command: 'echo by-rule' }, 'allowed', 'rule']]);
  });

  it('records a call still waiting for a person when harombe stops, before the log closes', async () => {
    // A turn run in-process, as the desktop app's window does: stopping the server does not end it, disposing does.
    const waiting = new Gate();
    const turn = (async () => {
      for await (const event of runtime!.turns.runTurn({ message: 'wait', attendance: 'ask' })) {
        if (event.type === 'confirm_required') waiting.open();
      }
    })();
    await waiting.opened;
    await runtime!.dispose({ graceDeadlineMs: 0 });
    runtime = undefined;
    await turn;
    const lines = (await readFile(join(home, 'audit.log'), 'utf8')).trimEnd().split('\n');
    const entries = lines.map((line) => auditEntrySchema.parse(JSON.parse(line)));
    expect(entries.map((entry) => [entry.arguments, entry.decision, entry.decided_by.kind])).toEqual([[{ command: 'echo never-answered' }, 'denied', 'cancelled']]);
  });
});
