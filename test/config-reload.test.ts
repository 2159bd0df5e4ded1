// POST /config/reload through the real runtime: harombe.yaml edited by hand (or by `harombe mcp import`) applies at
// once, an MCP server it adds starts, and a file harombe cannot use is refused with where it is wrong, the config kept.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPromise } from '../src/main/base';
import { HarombeRuntime } from '../src/main/runtime';
import type { ToolsResponse } from '../src/shared';
import { MISBEHAVING_SERVER } from './support/mcp-servers';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, pointHarombeHomeAt } from './support/run-cli';

let standIn: OllamaStandIn;
let runtime: HarombeRuntime;
let base: string;
let configFile: string;
let restoreHome: () => void;

beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  const home = await makeHome();
  restoreHome = pointHarombeHomeAt(home);
  const workspace = join(home, 'workspace');
  await mkdir(workspace, { recursive: true });
  configFile = join(home, 'harombe.yaml');
  await writeFile(configFile, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n  workspace: ${workspace}\n`);
  runtime = await HarombeRuntime.create({ configPath: configFile, port: 0 });
  base = (await runtime.start()).url;
});
afterAll(async () => {
  await runtime?.dispose();
  await standIn?.stop();
  restoreHome?.();
});

const api = async (method: string, path: string) => {
  const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${runtime.localToken}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('POST /config/reload', () => {
  it('applies what was written to harombe.yaml by hand, and starts an MCP server it adds', async () => {
    const before = await readFile(configFile, 'utf8');
    await writeFile(
      configFile,
      `${before}  approval_mode: rules_only\nmcp:\n  fixture:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(MISBEHAVING_SERVER)}, crash]\n`,
    );
    const reloaded = await api('POST', '/config/reload');
    expect(reloaded.status).toBe(200);
    expect((reloaded.body.config as { tools: { approval_mode: string } }).tools.approval_mode).toBe('rules_only');

    const mcp = runtime.mcp;
    const ready = () => mcp.statuses().find((server) => server.name === 'fixture')?.status === 'ready';
    while (!ready()) await toPromise(mcp.onDidChange);
    const tools = (await api('GET', '/tools')).body as unknown as ToolsResponse;
    expect(tools.tools.map((tool) => tool.name)).toContain('fixture__echo');
    expect(await readFile(configFile, 'utf8')).toContain('approval_mode: rules_only');
  });

  it('refuses a file harombe cannot use, saying where, and keeps the config in use', async () => {
    const good = await readFile(configFile, 'utf8');
    await writeFile(configFile, good.replace('approval_mode: rules_only', 'approval_mode: sometimes'));
    const refused = await api('POST', '/config/reload');
    expect(refused.status).toBe(400);
    const error = refused.body.error as { code: string; message: string; hint: string };
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(/was not applied, the config in use is kept: .*harombe\.yaml:\d+:\d+ tools\.approval_mode: /);
    expect(error.hint).toContain('harombe config validate');
    expect(((await api('GET', '/config')).body.config as { tools: { approval_mode: string } }).tools.approval_mode).toBe('rules_only');
  });
});
