// MCP servers in a running harombe: GET /tools reports them, a config change keeps the servers it did not touch (same
// process) and restarts the changed one, and disposing the runtime leaves no server process behind.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../../src/main/runtime';
import { ApiClient } from '../../src/shared';
import { EVERYTHING_BIN, MISBEHAVING_SERVER, processAlive, stdioServer } from '../support/mcp-servers';
import { OllamaStandIn } from '../support/ollama-stand-in';
import { makeHome } from '../support/run-cli';

let standIn: OllamaStandIn;
beforeAll(async () => {
  standIn = await new OllamaStandIn().start();
});
afterAll(() => standIn?.stop());

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

describe('MCP servers in the runtime', () => {
  it('GET /tools lists them; a config change restarts only what changed; dispose leaves no process', async () => {
    const home = await makeHome();
    const workspace = join(home, 'workspace');
    await mkdir(workspace, { recursive: true });
    const server = (script: string, args: string[]) => `    command: ${JSON.stringify(process.execPath)}\n    args: ${JSON.stringify([script, ...args])}\n`;
    await writeFile(
      join(home, 'harombe.yaml'),
      `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  shell: false\n  web_search: false\n  sandbox: none\n  workspace: ${workspace}\n` +
        `mcp:\n  everything:\n${server(EVERYTHING_BIN, ['stdio'])}    tools:\n      echo:\n        dangerous: true\n` +
        `  quiet:\n${server(MISBEHAVING_SERVER, ['silent'])}    startup_timeout: 1\n`,
    );
    const runtime = await HarombeRuntime.create({ home, port: 0, logger: quiet, modelServerCheck: { intervalMs: 60_000 } });
    const seen = new Set<number>();
    try {
      const { url } = await runtime.start();
      await runtime.mcp.whenSettled();
      const client = new ApiClient({ baseUrl: url, token: runtime.localToken });
      const tools = await client.call('tools.list');
      expect(tools.mcp_servers.map(({ name, transport, enabled, status }) => ({ name, transport, enabled, status }))).toEqual([
        { name: 'everything', transport: 'stdio', enabled: true, status: 'ready' },
        { name: 'quiet', transport: 'stdio', enabled: true, status: 'failed' },
      ]);
      expect(tools.mcp_servers[1]?.reason).toMatch(/did not answer within 1 s \(mcp\.quiet\.startup_timeout\)/);
      expect(tools.mcp_servers[0]?.tools).toContain('everything__get-sum');
      expect(tools.tools.find((tool) => tool.name === 'everything__echo')).toMatchObject({ dangerous: true, server: 'everything' });
      expect(tools.tools.find((tool) => tool.name === 'everything__get-sum')).toMatchObject({ dangerous: false, server: 'everything' });
      const [everythingPid] = runtime.mcp.processIds();
      seen.add(everythingPid!);

      // The echo override dropped, the failing server swapped for one that starts: everything keeps its process.
      const config = runtime.config;
      const next = { ...config, mcp: { everything: { ...config.mcp['everything']!, tools: {} }, fresh: stdioServer(MISBEHAVING_SERVER, ['crash']) } };
      await client.call('config.put', { input: { config: next } });
      await runtime.mcp.whenSettled();
      for (const pid of runtime.mcp.processIds()) seen.add(pid);
      const after = await client.call('tools.list');
      expect(after.mcp_servers.map(({ name, status }) => ({ name, status }))).toEqual([
        { name: 'everything', status: 'ready' },
        { name: 'fresh', status: 'ready' },
      ]);
      expect(runtime.mcp.processIds()[0]).toBe(everythingPid);
      expect(after.tools.find((tool) => tool.name === 'everything__echo')).toMatchObject({ dangerous: false });
      expect(after.tools.map((tool) => tool.name)).toContain('fresh__echo');
    } finally {
      await runtime.dispose({ graceDeadlineMs: 0 });
    }
    expect(seen.size).toBe(2);
    expect([...seen].filter(processAlive)).toEqual([]);
  });
});
