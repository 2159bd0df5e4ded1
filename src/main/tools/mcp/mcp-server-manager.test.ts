// Every configured MCP server together, as GET /tools and the model see them, with each session replaced by a scripted
// one (vi.mock of mcp-session: no process, no SDK session): started at once, kept or restarted by a config change, stopped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mcpConfigSchema, type McpConfig } from '../../../shared';
import type { McpConnectionOptions } from './mcp-connection';
import { McpServerManager } from './mcp-server-manager';
import { probeMcpServers } from './probe-mcp-servers';

const sessions = vi.hoisted(() => {
  /** A stdio server whose args are its tools' names; `--fail` cannot start. */
  class FakeConnection {
    static made: FakeConnection[] = [];
    closed = false;
    readonly stderr = { snapshot: () => [] as string[] };
    private readonly id: number;
    private resolveEnded: (reason: string) => void = () => {};
    readonly ended = new Promise<string>((resolve) => (this.resolveEnded = resolve));

    constructor(readonly options: McpConnectionOptions) {
      FakeConnection.made.push(this);
      this.id = 1000 + FakeConnection.made.length;
    }

    /** Gone once closed, as a real process is. */
    get processId() {
      return this.closed ? undefined : this.id;
    }

    async open() {
      const args = this.options.config.args;
      if (args.includes('--fail')) throw new Error(`the MCP server "${this.options.name}" could not be started: no such command`);
      return args.map((name) => ({ name, inputSchema: { type: 'object' as const }, annotations: { readOnlyHint: true } }));
    }

    async call() {
      return { content: [{ type: 'text' as const, text: 'y'.repeat(200) }] };
    }

    async close() {
      this.closed = true;
    }

    crash() {
      this.options.onEnded?.('stopped (exit code 1)');
      this.resolveEnded('stopped (exit code 1)');
    }
  }
  return { FakeConnection };
});

vi.mock('./mcp-session', async (importOriginal) => ({ ...(await importOriginal<object>()), McpConnection: sessions.FakeConnection }));

const made = () => sessions.FakeConnection.made;
const named = (name: string) => made().filter((connection) => connection.options.name === name);
const config = (servers: Record<string, Record<string, unknown>>): McpConfig => mcpConfigSchema.parse(servers);
const stdio = (...tools: string[]) => ({ command: 'server', args: tools });
const context = () => ({ workspace: '/tmp', signal: new AbortController().signal });

afterEach(() => {
  sessions.FakeConnection.made = [];
});

describe('McpServerManager', () => {
  it('starts every enabled server at once and offers all their tools; a failed one says why and offers none', async () => {
    const manager = new McpServerManager(config({ files: stdio('read', 'list'), git: stdio('log'), broken: stdio('--fail'), off: { ...stdio('x'), enabled: false } }), { workspace: '/ws' });
    expect(manager.statuses().map(({ name, status }) => [name, status])).toEqual([
      ['files', 'starting'],
      ['git', 'starting'],
      ['broken', 'starting'],
      ['off', 'disabled'],
    ]);
    manager.start();
    manager.start();
    await manager.whenSettled();
    expect(manager.statuses().map(({ name, status, reason }) => [name, status, reason])).toEqual([
      ['files', 'ready', undefined],
      ['git', 'ready', undefined],
      ['broken', 'failed', 'the MCP server "broken" could not be started: no such command'],
      ['off', 'disabled', 'it is switched off (mcp.off.enabled: false)'],
    ]);
    expect(manager.tools().map((tool) => tool.name)).toEqual(['files__read', 'files__list', 'git__log']);
    expect(made()).toHaveLength(3);
    expect(manager.processIds()).toEqual([1001, 1002]);
    await manager.dispose();
  });

  it('runs a stdio server in the workspace with the environment and secrets it was given', async () => {
    const environment = { PATH: '/bin' };
    const manager = new McpServerManager(config({ files: stdio('read') }), { workspace: '/ws', environment, secrets: ['tok-123'], stopGraceMs: 0 });
    manager.start();
    await manager.whenSettled();
    expect(made()[0]?.options).toMatchObject({ name: 'files', workspace: '/ws', environment, secrets: ['tok-123'], stopGraceMs: 0 });
    await manager.dispose();
  });

  it('leaves out what it was not given', async () => {
    const manager = new McpServerManager(config({ files: stdio('read') }), { workspace: '/ws' });
    manager.start();
    await manager.whenSettled();
    const options = made()[0]?.options ?? {};
    expect(['environment', 'secrets', 'stopGraceMs'].filter((key) => key in options)).toEqual([]);
    await manager.dispose();
  });

  it('caps its tools’ output at outputLimitBytes', async () => {
    const manager = new McpServerManager(config({ files: stdio('read') }), { workspace: '/ws', outputLimitBytes: 50 });
    manager.start();
    await manager.whenSettled();
    const output = (await manager.tools()[0]?.execute({}, context()))?.output ?? '';
    expect(output).not.toContain('y'.repeat(51));
    await manager.dispose();
  });

  it('restarts a crashed server by its restart policy: none left fails it at the first crash', async () => {
    const manager = new McpServerManager(config({ files: stdio('read') }), { workspace: '/ws', restart: { maxAttempts: 0 } });
    const changed = new Promise<void>((resolve) => manager.onDidChange(() => manager.statuses()[0]?.status === 'failed' && resolve()));
    manager.start();
    await manager.whenSettled();
    made()[0]?.crash();
    await changed;
    expect(manager.statuses()[0]?.reason).toContain('it stopped 1 times in a row, so harombe no longer restarts it');
    await manager.dispose();
  });

  it('tells listeners and moves its version when a server’s status or tools change, and gives a new tool list then only', async () => {
    const manager = new McpServerManager(config({ files: stdio('read') }), { workspace: '/ws' });
    let told = 0;
    manager.onDidChange(() => (told += 1));
    const before = manager.version;
    const empty = manager.tools();
    expect(manager.tools()).toBe(empty);
    manager.start();
    await manager.whenSettled();
    expect(told).toBeGreaterThan(0);
    expect(manager.version).toBe(before + told);
    const ready = manager.tools();
    expect(ready).not.toBe(empty);
    expect(manager.tools()).toBe(ready);
    await manager.dispose();
  });

  it('a config change keeps unchanged servers running, restarts changed ones, stops removed ones and starts new ones', async () => {
    const manager = new McpServerManager(config({ same: stdio('a'), changed: stdio('b'), removed: stdio('c') }), { workspace: '/ws' });
    manager.start();
    await manager.whenSettled();
    const versionBefore = manager.version;
    await manager.applyConfig(config({ same: stdio('a'), changed: stdio('b', 'b2'), added: stdio('d') }));
    await manager.whenSettled();
    expect(manager.version).toBeGreaterThan(versionBefore);
    expect(named('same').map((connection) => connection.closed)).toEqual([false]);
    expect(named('changed').map((connection) => connection.closed)).toEqual([true, false]);
    expect(named('removed').map((connection) => connection.closed)).toEqual([true]);
    expect(named('added')).toHaveLength(1);
    expect(manager.statuses().map(({ name, tools }) => [name, tools])).toEqual([
      ['same', ['same__a']],
      ['changed', ['changed__b', 'changed__b2']],
      ['added', ['added__d']],
    ]);
    await manager.dispose();
  });

  it('tells listeners when a config change only removes a server', async () => {
    const manager = new McpServerManager(config({ files: stdio('read'), git: stdio('log') }), { workspace: '/ws' });
    manager.start();
    await manager.whenSettled();
    let told = 0;
    manager.onDidChange(() => (told += 1));
    await manager.applyConfig(config({ files: stdio('read') }));
    expect(told).toBeGreaterThan(0);
    expect(manager.tools().map((tool) => tool.name)).toEqual(['files__read']);
    await manager.dispose();
  });

  it('applies changed per-tool overrides in place, without restarting the server', async () => {
    const manager = new McpServerManager(config({ files: stdio('read', 'write') }), { workspace: '/ws' });
    manager.start();
    await manager.whenSettled();
    await manager.applyConfig(config({ files: { ...stdio('read', 'write'), tools: { write: { enabled: false }, read: { dangerous: true } } } }));
    expect(made()).toHaveLength(1);
    expect(manager.tools().map((tool) => [tool.name, tool.dangerous])).toEqual([['files__read', true]]);
    await manager.dispose();
  });

  it('a new workspace restarts the stdio servers that run in it, and only those', async () => {
    const manager = new McpServerManager(config({ here: stdio('a'), pinned: { ...stdio('b'), cwd: '/srv' }, web: { url: 'http://127.0.0.1:9/mcp' } }), { workspace: '/ws' });
    await manager.applyConfig(config({ here: stdio('a'), pinned: { ...stdio('b'), cwd: '/srv' }, web: { url: 'http://127.0.0.1:9/mcp' } }), '/ws');
    manager.start();
    await manager.whenSettled();
    await manager.applyConfig(config({ here: stdio('a'), pinned: { ...stdio('b'), cwd: '/srv' }, web: { url: 'http://127.0.0.1:9/mcp' } }), '/elsewhere');
    await manager.whenSettled();
    expect(named('here').map((connection) => [connection.options.workspace, connection.closed])).toEqual([
      ['/ws', true],
      ['/elsewhere', false],
    ]);
    expect(named('pinned').map((connection) => connection.closed)).toEqual([false]);
    expect(named('web').map((connection) => connection.closed)).toEqual([false]);
    // The workspace is remembered: the same config again restarts nothing.
    await manager.applyConfig(config({ here: stdio('a'), pinned: { ...stdio('b'), cwd: '/srv' }, web: { url: 'http://127.0.0.1:9/mcp' } }));
    expect(made()).toHaveLength(4);
    await manager.dispose();
  });

  it('a server added before start() waits for it', async () => {
    const manager = new McpServerManager(config({}), { workspace: '/ws' });
    await manager.applyConfig(config({ late: stdio('a') }));
    // A started supervisor would have loaded mcp-session and connected by now.
    await vi.dynamicImportSettled();
    expect(made()).toHaveLength(0);
    expect(manager.statuses()[0]?.status).toBe('starting');
    manager.start();
    await manager.whenSettled();
    expect(manager.statuses()[0]?.status).toBe('ready');
    await manager.dispose();
  });

  it('dispose stops every server, tells listeners once, and after it nothing starts', async () => {
    const manager = new McpServerManager(config({ files: stdio('read'), git: stdio('log') }), { workspace: '/ws' });
    manager.start();
    await manager.whenSettled();
    let told = 0;
    manager.onDidChange(() => (told += 1));
    await manager.dispose();
    expect(made().map((connection) => connection.closed)).toEqual([true, true]);
    const version = manager.version;
    await manager.dispose();
    expect([told, manager.version]).toEqual([1, version]);
    await manager.applyConfig(config({ other: stdio('x') }));
    manager.start();
    expect(made()).toHaveLength(2);
    expect(manager.statuses().map((status) => status.name)).toEqual(['files', 'git']);
  });

  it('start() after dispose starts nothing', async () => {
    const manager = new McpServerManager(config({ files: stdio('read') }), { workspace: '/ws' });
    await manager.dispose();
    manager.start();
    expect(made()).toHaveLength(0);
  });
});

describe('probeMcpServers', () => {
  it('reports each server as GET /tools would and leaves none running', async () => {
    const statuses = await probeMcpServers(config({ files: stdio('read'), broken: stdio('--fail') }), { workspace: '/ws', secrets: ['tok-123'] });
    expect(statuses.map(({ name, status, tools }) => [name, status, tools])).toEqual([
      ['files', 'ready', ['files__read']],
      ['broken', 'failed', []],
    ]);
    expect(made().map((connection) => [connection.closed, connection.options.workspace, connection.options.secrets])).toEqual([
      [true, '/ws', ['tok-123']],
      [true, '/ws', ['tok-123']],
    ]);
  });
});
