// MCP tools through the whole assistant: harombe.yaml's mcp: section starts server-everything and server-filesystem,
// the Ollama stand-in scripts the model's calls, a read-only tool runs unasked and a dangerous one waits for a person.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_DANGEROUS_OFF, createAssistant, type Assistant } from '../../src/main/assistant';
import type { AgentEvent } from '../../src/shared';
import { EVERYTHING_BIN, FILESYSTEM_BIN, processAlive } from '../support/mcp-servers';
import { OllamaStandIn } from '../support/ollama-stand-in';
import { makeHome } from '../support/run-cli';

let standIn: OllamaStandIn;
let home: string;
let workspace: string;
let assistant: Assistant;

beforeAll(async () => {
  standIn = await new OllamaStandIn().start();
  standIn.on({ lastUserMessage: /echo/ }).callTool('everything__echo', { message: 'hi' });
  standIn.on({ lastUserMessage: /save/ }).callTool('files__write_file', { path: 'saved.txt', content: 'kept\n' });
  standIn.on({ afterToolResult: true }).reply((request) => `Tool said: ${request.lastToolResult?.content}`);
  home = await makeHome();
  workspace = join(home, 'workspace');
  await mkdir(workspace, { recursive: true });
  const config = join(home, 'harombe.yaml');
  const server = (script: string, args: string[]) => `    command: ${JSON.stringify(process.execPath)}\n    args: ${JSON.stringify([script, ...args])}\n`;
  await writeFile(
    config,
    `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n` +
      `tools:\n  shell: false\n  filesystem: false\n  web_search: false\n  sandbox: none\n  workspace: ${workspace}\n` +
      // server-filesystem runs in the workspace (no cwd given), so "." is the workspace.
      `mcp:\n  everything:\n${server(EVERYTHING_BIN, ['stdio'])}  files:\n${server(FILESYSTEM_BIN, ['.'])}`,
  );
  assistant = await createAssistant({ configPath: config, home, probeTimeoutMs: 2000 });
  await assistant.mcp.whenSettled();
});

afterAll(async () => {
  const pids = assistant?.mcp.processIds() ?? [];
  await assistant?.dispose();
  await standIn?.stop();
  await rm(home, { recursive: true, force: true });
  expect(pids.filter(processAlive)).toEqual([]);
});

async function turn(message: string, onEvent: (event: AgentEvent) => void = () => {}): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of assistant.agent.runTurn({ message, attendance: 'ask' })) {
    events.push(event);
    onEvent(event);
  }
  return events;
}

describe('MCP tools through the agent', () => {
  it('the model is offered the servers tools with their own schemas, and a read-only one runs without asking', async () => {
    expect(assistant.mcp.statuses().map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'everything', status: 'ready' },
      { name: 'files', status: 'ready' },
    ]);
    const events = await turn('please echo hi');
    const offered = standIn.chatRequests.at(-2)?.tools.find((tool) => (tool as { function: { name: string } }).function.name === 'everything__echo');
    expect(offered).toMatchObject({ function: { parameters: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } } });
    expect(events.filter((event) => event.type === 'confirm_required')).toEqual([]);
    expect(events.find((event) => event.type === 'tool_call')).toMatchObject({ name: 'everything__echo', dangerous: false, server: 'everything' });
    expect(events.find((event) => event.type === 'tool_result')).toMatchObject({ name: 'everything__echo', ok: true, output: 'Echo: hi' });
    expect(assistant.toolSummaries.find((tool) => tool.name === 'files__write_file')).toMatchObject({ dangerous: true, server: 'files' });
  });

  it('a dangerous one asks first: denied, nothing is written; allowed, it runs', async () => {
    const denied = await turn('save a note', (event) => {
      if (event.type === 'confirm_required') assistant.broker.answer(event.confirmation_id, 'deny');
    });
    const asked = denied.find((event) => event.type === 'confirm_required');
    expect(asked).toMatchObject({ tool_call: { name: 'files__write_file' }, description: 'files: write_file {"path":"saved.txt","content":"kept\\n"}' });
    expect(denied.find((event) => event.type === 'tool_result')).toMatchObject({ ok: false });
    await expect(readFile(join(workspace, 'saved.txt'), 'utf8')).rejects.toThrow(/ENOENT/);

    const allowed = await turn('save a note', (event) => {
      if (event.type === 'confirm_required') assistant.broker.answer(event.confirmation_id, 'allow_once');
    });
    expect(allowed.find((event) => event.type === 'tool_result')).toMatchObject({ name: 'files__write_file', ok: true });
    expect(await readFile(join(workspace, 'saved.txt'), 'utf8')).toBe('kept\n');
  });
});

describe('tools.confirm_dangerous: false with only MCP tools', () => {
  it('still warns that dangerous tools run without asking: an MCP server’s tools count, though they arrive later', async () => {
    const quietHome = await makeHome();
    const config = join(quietHome, 'harombe.yaml');
    await writeFile(
      config,
      `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n` +
        `tools:\n  shell: false\n  filesystem: false\n  web_search: false\n  confirm_dangerous: false\n  workspace: ${workspace}\n` +
        `mcp:\n  everything:\n    command: ${JSON.stringify(process.execPath)}\n    args: ${JSON.stringify([EVERYTHING_BIN, 'stdio'])}\n`,
    );
    const unconfirmed = await createAssistant({ configPath: config, home: quietHome, probeTimeoutMs: 2000 });
    try {
      expect(unconfirmed.warnings).toContain(CONFIRM_DANGEROUS_OFF);
    } finally {
      await unconfirmed.dispose();
      await rm(quietHome, { recursive: true, force: true });
    }
  });
});
