// The MCP engine against real servers: server-everything (stdio and streamable HTTP), server-filesystem, and fixtures
// that crash mid-call, never start and flood their output. No process is left behind by dispose().
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPromise } from '../../src/main/base';
import { McpServerManager, probeMcpServers } from '../../src/main/tools/mcp';
import { ToolRegistry } from '../../src/main/tools/tool-registry';
import type { McpConfig, McpServerStatus } from '../../src/shared';
import { EVERYTHING_BIN, FILESYSTEM_BIN, httpServer, MISBEHAVING_SERVER, processAlive, startEverythingOverHttp, stdioServer, type HttpMcpServer } from '../support/mcp-servers';

let folder: string;
beforeAll(async () => {
  // The SDK loads with the first server, and loading it opens a pipe handle of this process's own once: not a leak.
  await import('../../src/main/tools/mcp/mcp-session');
  folder = await mkdtemp(join(tmpdir(), 'harombe-mcp-'));
  await writeFile(join(folder, 'notes.txt'), 'buy milk\n');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const FAST = { stopGraceMs: 500, restart: { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 2 } };

async function managerOf(config: McpConfig): Promise<McpServerManager> {
  const manager = new McpServerManager(config, { workspace: folder, ...FAST });
  manager.start();
  await manager.whenSettled();
  return manager;
}

function statusOf(manager: McpServerManager, name: string): McpServerStatus {
  const status = manager.statuses().find((server) => server.name === name);
  if (!status) throw new Error(`no server ${name}`);
  return status;
}

/** Waits (on the manager's change events, not a clock) until `name` reaches `state`. */
async function untilStatus(manager: McpServerManager, name: string, state: McpServerStatus['status']): Promise<McpServerStatus> {
  while (statusOf(manager, name).status !== state) await toPromise(manager.onDidChange);
  return statusOf(manager, name);
}

/** Handles that keep the event loop alive, by kind: child processes and their pipes, timers. */
function activeHandles(): Record<string, number> {
  const counts: Record<string, number> = { ProcessWrap: 0, PipeWrap: 0, Timeout: 0 };
  for (const kind of process.getActiveResourcesInfo()) if (kind in counts) counts[kind] = counts[kind]! + 1;
  return counts;
}

/** Kinds of which there are more now than `before`, once libuv has run the close callbacks of what was just closed. */
async function grownSince(before: Record<string, number>): Promise<Record<string, number>> {
  // Handles closed in this turn of the loop are let go in its close phase, after the check phase of a setImmediate.
  await new Promise(setImmediate);
  await new Promise(setImmediate);
  return Object.fromEntries(Object.entries(activeHandles()).filter(([kind, count]) => count > before[kind]!));
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function run(registry: ToolRegistry, name: string, args: Record<string, unknown>) {
  const prepared = registry.prepare({ id: 'c1', name, arguments: JSON.stringify(args) });
  if (!prepared.ok) throw new Error(prepared.error);
  return registry.execute(prepared, { workspace: folder, signal: new AbortController().signal });
}

describe('MCP servers', () => {
  it('server-everything over stdio and server-filesystem: tools named server__tool, schemas as the server wrote them, calls run', async () => {
    const before = activeHandles();
    const manager = await managerOf({
      everything: stdioServer(EVERYTHING_BIN, ['stdio']),
      files: stdioServer(FILESYSTEM_BIN, [folder]),
    });
    try {
      const registry = new ToolRegistry([], manager);
      expect(statusOf(manager, 'everything')).toMatchObject({ status: 'ready', transport: 'stdio', enabled: true });
      const names = registry.list().map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(['everything__echo', 'everything__get-sum', 'files__read_text_file', 'files__write_file']));
      const echo = registry.definitions().find((definition) => definition.name === 'everything__echo');
      expect(echo?.parameters).toMatchObject({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] });
      expect(registry.list().find((tool) => tool.name === 'files__read_text_file')).toMatchObject({ dangerous: false, server: 'files' });
      expect(registry.list().find((tool) => tool.name === 'files__write_file')).toMatchObject({ dangerous: true, server: 'files' });

      expect(await run(registry, 'everything__echo', { message: 'hi' })).toEqual({ ok: true, output: 'Echo: hi' });
      const read = await run(registry, 'files__read_text_file', { path: join(folder, 'notes.txt') });
      expect(read).toEqual({ ok: true, output: 'buy milk\n' });
      const prepared = registry.prepare({ id: 'c2', name: 'everything__echo', arguments: '{"message":"hi"}' });
      expect(prepared.ok && prepared.description).toBe('everything: echo {"message":"hi"}');
      const invalid = registry.prepare({ id: 'c3', name: 'everything__echo', arguments: '{"text":"hi"}' });
      expect(invalid.ok ? '' : invalid.error).toMatch(/^Invalid arguments for everything__echo: .*message/);
    } finally {
      const pids = manager.processIds();
      expect(pids).toHaveLength(2);
      await manager.dispose();
      expect(pids.filter(processAlive)).toEqual([]);
      expect(await grownSince(before)).toEqual({});
    }
  });

  it('server-everything over streamable HTTP', async () => {
    let http: HttpMcpServer | undefined;
    try {
      http = await startEverythingOverHttp();
      const manager = await managerOf({ web: httpServer(http.url) });
      try {
        expect(statusOf(manager, 'web')).toMatchObject({ status: 'ready', transport: 'http' });
        const registry = new ToolRegistry([], manager);
        expect(await run(registry, 'web__get-sum', { a: 2, b: 3 })).toMatchObject({ ok: true, output: expect.stringContaining('5') });
        // The server goes away: the next call says so at once, and harombe tries to reach it again.
        await http.stop();
        const gone = await run(registry, 'web__get-sum', { a: 2, b: 3 });
        expect(gone.output).toMatch(/^web__get-sum was not run: the MCP server "web" cannot be reached at http:\/\/127\.0\.0\.1:\d+\/mcp: fetch failed/);
        expect(statusOf(manager, 'web').status).toBe('restarting');
      } finally {
        await manager.dispose();
      }
    } finally {
      await http?.stop();
    }
  });

  it('a call past call_timeout is given up and the server stays; one that crashes mid-call is answered at once, and the server restarted', async () => {
    const manager = await managerOf({ shaky: stdioServer(MISBEHAVING_SERVER, ['crash'], { call_timeout: 1 }) });
    try {
      const registry = new ToolRegistry([], manager);
      expect(await run(registry, 'shaky__hang', {})).toEqual({
        ok: false,
        output: 'shaky__hang did not finish within 1 s (mcp.shaky.call_timeout): the MCP server "shaky" was told to stop it',
      });
      expect(statusOf(manager, 'shaky').status).toBe('ready');
      const firstPid = manager.processIds()[0]!;
      const crashed = await run(registry, 'shaky__crash', {});
      expect(crashed).toEqual({
        ok: false,
        output: 'shaky__crash did not finish: the MCP server "shaky" stopped (exit code 1): fatal: the fixture crashed on purpose',
      });
      expect(processAlive(firstPid)).toBe(false);
      const ready = await untilStatus(manager, 'shaky', 'ready');
      expect(ready.tools).toEqual(['shaky__echo', 'shaky__crash', 'shaky__hang']);
      expect(await run(registry, 'shaky__echo', { text: 'again' })).toEqual({ ok: true, output: 'echo: again' });
    } finally {
      await manager.dispose();
    }
  });

  it("a secret from the server's env that it echoes on stderr never reaches the model, the status or the conversation", async () => {
    const secret = 'sk-live-0123456789abcdef';
    const manager = await managerOf({ leaky: stdioServer(MISBEHAVING_SERVER, ['crash'], { env: { FIXTURE_API_KEY: secret } }) });
    try {
      const crashed = await run(new ToolRegistry([], manager), 'leaky__crash', {});
      expect(crashed.output).toBe('leaky__crash did not finish: the MCP server "leaky" stopped (exit code 1): fatal: the fixture crashed on purpose (api key ••••••)');
      const status = statusOf(manager, 'leaky');
      expect(JSON.stringify(status)).not.toContain(secret);
      expect(status.reason).toContain('(api key ••••••)');
    } finally {
      await manager.dispose();
    }
  });

  it('a call while the server restarts is answered at once, and a server that keeps crashing is left failed with the reason', async () => {
    const before = activeHandles();
    const manager = await managerOf({ shaky: stdioServer(MISBEHAVING_SERVER, ['crash']) });
    try {
      const registry = new ToolRegistry([], manager);
      const prepared = registry.prepare({ id: 'c1', name: 'shaky__echo', arguments: '{"text":"x"}' });
      await run(registry, 'shaky__crash', {});
      const restarting = statusOf(manager, 'shaky');
      expect(restarting.status).toBe('restarting');
      expect(restarting.reason).toMatch(/^the MCP server "shaky" stopped \(exit code 1\): fatal: the fixture crashed on purpose; starting it again/);
      if (!prepared.ok) throw new Error(prepared.error);
      const waiting = await registry.execute(prepared, { workspace: folder, signal: new AbortController().signal });
      expect(waiting.ok).toBe(false);
      expect(waiting.output).toMatch(/^shaky__echo was not run: the MCP server "shaky" stopped \(exit code 1\)/);
      for (let crash = 0; crash < 2; crash++) {
        await untilStatus(manager, 'shaky', 'ready');
        await run(registry, 'shaky__crash', {});
      }
      const failed = await untilStatus(manager, 'shaky', 'failed');
      expect(failed.reason).toMatch(/stopped 3 times in a row, so harombe no longer restarts it/);
      expect(failed.stderr_tail).toContain('fatal: the fixture crashed on purpose');
      expect(registry.list()).toEqual([]);
    } finally {
      await manager.dispose();
    }
    expect(await grownSince(before)).toEqual({});
  });

  it('a server that never answers fails after its startup_timeout, with what it said; one that cannot be run says so', async () => {
    const manager = await managerOf({
      silent: stdioServer(MISBEHAVING_SERVER, ['silent'], { startup_timeout: 1 }),
      missing: stdioServer('/nowhere/server.js'),
      unreachable: httpServer(`http://127.0.0.1:${await closedPort()}/mcp`),
      off: stdioServer(EVERYTHING_BIN, ['stdio'], { enabled: false }),
    });
    try {
      expect(statusOf(manager, 'silent')).toEqual({
        name: 'silent',
        transport: 'stdio',
        enabled: true,
        status: 'failed',
        reason: `the MCP server "silent" did not answer within 1 s (mcp.silent.startup_timeout); it last said: warming up a cache that never finishes. Check that ${process.execPath} ${MISBEHAVING_SERVER} silent is an MCP server, or raise startup_timeout.`,
        stderr_tail: ['warming up a cache that never finishes'],
        tools: [],
      });
      expect(statusOf(manager, 'missing')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^the MCP server "missing" stopped \(exit code 1\): Error: Cannot find module '\/nowhere\/server.js'/) });
      expect(statusOf(manager, 'unreachable')).toMatchObject({
        status: 'failed',
        transport: 'http',
        reason: expect.stringMatching(/^the MCP server "unreachable" could not be reached at http:\/\/127\.0\.0\.1:\d+\/mcp: fetch failed: connect ECONNREFUSED/),
      });
      expect(statusOf(manager, 'off')).toMatchObject({ status: 'disabled', enabled: false, tools: [] });
      expect(manager.processIds()).toEqual([]);
    } finally {
      await manager.dispose();
    }
  });

  it('a flood of output reaches the model capped like the built-ins', async () => {
    const manager = await managerOf({ loud: stdioServer(MISBEHAVING_SERVER, ['flood']) });
    try {
      const result = await run(new ToolRegistry([], manager), 'loud__flood', {});
      expect(result.ok).toBe(true);
      expect(Buffer.byteLength(result.output)).toBeLessThan(33_000);
      expect(result.output.startsWith('BEGIN xxx')).toBe(true);
      expect(result.output.endsWith('xxx END')).toBe(true);
      expect(result.output).toMatch(/\[… 968 KB \(968\d{3} bytes\) of output dropped here/);
    } finally {
      await manager.dispose();
    }
  });

  it('probeMcpServers reports each server and leaves none running', async () => {
    const statuses = await probeMcpServers(
      { everything: stdioServer(EVERYTHING_BIN, ['stdio'], { tools: { echo: { enabled: false } } }), missing: stdioServer('/nowhere/server.js') },
      { workspace: folder, stopGraceMs: 500 },
    );
    expect(statuses.map(({ name, status }) => ({ name, status }))).toEqual([
      { name: 'everything', status: 'ready' },
      { name: 'missing', status: 'failed' },
    ]);
    expect(statuses[0]?.tools).toContain('everything__get-sum');
    expect(statuses[0]?.tools).not.toContain('everything__echo');
  });
});
