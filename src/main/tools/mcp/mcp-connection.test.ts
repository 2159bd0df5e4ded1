// One session with an MCP server as a person reads its failures and the model reads its calls' failures. The stdio
// process is replaced (vi.mock) by an in-memory link to an SDK Server in this process: no process, no port.
import type { PassThrough } from 'node:stream';
import type { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mcpServerConfigSchema } from '../../../shared';
import { McpConnection, type McpConnectionOptions } from './mcp-connection';

const fake = vi.hoisted(() => ({
  /** What the next transport's far end does with the session (serve it, or hear nothing). */
  serve: undefined as undefined | ((end: unknown) => void),
  made: [] as { parameters: Record<string, unknown>; grace: number | undefined; transport: unknown }[],
}));

vi.mock('./stdio-process-transport', async () => {
  const { InMemoryTransport: Link } = await import('@modelcontextprotocol/sdk/inMemory.js');
  const { PassThrough: Pipe } = await import('node:stream');
  class StdioProcessTransport extends Link {
    readonly stderr = new Pipe();
    exit: { code: number | null; signal: string | null } | undefined;
    constructor(parameters: Record<string, unknown>, grace?: number) {
      super();
      const far = new Link();
      (this as unknown as { _otherTransport: unknown })._otherTransport = far;
      (far as unknown as { _otherTransport: unknown })._otherTransport = this;
      fake.made.push({ parameters, grace, transport: this });
      fake.serve?.(far);
    }
    /** A real process takes a moment to leave: the client's own close after a failed start lands after open() has answered. */
    closed = false;
    override async close() {
      this.closed = true;
      await new Promise((resolve) => setImmediate(resolve));
      await super.close();
    }
    get processId() {
      return this.exit ? undefined : 4242;
    }
    /** The process exits: what it said last, then its exit, then the pipe closes (the client hears onclose). */
    async die(exit: { code: number | null; signal: string | null }, said = '') {
      if (said) this.stderr.write(said);
      await new Promise((resolve) => setImmediate(resolve));
      this.exit = exit;
      await this.close();
    }
  }
  return { StdioProcessTransport };
});

interface Dying {
  closed: boolean;
  close(): Promise<void>;
  die(exit: { code: number | null; signal: string | null }, said?: string): Promise<void>;
}

const TOOLS = [{ name: 'echo', inputSchema: { type: 'object' as const } }];

/** A server with `pages` of tools, an `echo` tool, a `fail` tool (isError), a `bad` one (protocol error), a `hang` one. */
function serveTools(pages: (typeof TOOLS)[] = [TOOLS], onHang?: () => void): (end: unknown) => void {
  return (end) => {
    const server = new Server({ name: 'fake', version: '1' }, { capabilities: { tools: { listChanged: true } } });
    server.setRequestHandler(ListToolsRequestSchema, async (request) => {
      const page = Number(request.params?.cursor ?? 0);
      return { tools: pages[page] ?? [], ...(page + 1 < pages.length ? { nextCursor: String(page + 1) } : {}) };
    });
    server.setRequestHandler(CallToolRequestSchema, async (request) => {
      const { name, arguments: args } = request.params;
      if (name === 'fail') return { content: [{ type: 'text', text: 'no such file' }], isError: true };
      // Words that would mean "unreachable" from an HTTP server: from a stdio one they are the tool's own error.
      if (name === 'bad') throw new McpError(ErrorCode.InvalidParams, 'upstream fetch failed: path is required');
      if (name === 'hang') {
        onHang?.();
        return new Promise(() => {});
      }
      return { content: [{ type: 'text', text: JSON.stringify(args) }] };
    });
    void server.connect(end as InMemoryTransport);
    servers.push(server);
  };
}
const servers: Server[] = [];

const config = (extra: Record<string, unknown> = {}) => mcpServerConfigSchema.parse({ command: 'files-server', args: ['--root', '/srv'], ...extra });
const connections: McpConnection[] = [];
function connect(options: Partial<McpConnectionOptions> = {}): McpConnection {
  const connection = new McpConnection({ name: 'files', config: config(), workspace: '/ws', ...options });
  connections.push(connection);
  return connection;
}
const transport = () => fake.made.at(-1)?.transport as Dying & { stderr: PassThrough };
const signal = () => new AbortController().signal;

afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
  fake.made = [];
  fake.serve = undefined;
});

describe('McpConnection', () => {
  it('lists every page of the server’s tools', async () => {
    fake.serve = serveTools([TOOLS, [{ name: 'two', inputSchema: { type: 'object' } }], [{ name: 'three', inputSchema: { type: 'object' } }]]);
    const connection = connect();
    expect((await connection.open()).map((tool) => tool.name)).toEqual(['echo', 'two', 'three']);
    expect(connection.transportKind).toBe('stdio');
    expect(connection.processId).toBe(4242);
  });

  it('starts a stdio server in the workspace (or its cwd), scrubbed of secrets, with its own env on top', () => {
    fake.serve = serveTools();
    connect({ environment: { PATH: '/bin', HAROMBE_TOKEN_COPY: 'tok-secret-1', OPENAI_API_KEY: 'sk-x' }, secrets: ['tok-secret-1'], config: config({ env: { ROOT: '/srv' } }), stopGraceMs: 5 });
    const { parameters, grace } = fake.made[0] ?? { parameters: {} as Record<string, unknown>, grace: undefined };
    expect(parameters).toMatchObject({ command: 'files-server', args: ['--root', '/srv'], cwd: '/ws', stderr: 'pipe' });
    expect(parameters.env).toMatchObject({ PATH: '/bin', ROOT: '/srv' });
    expect(Object.values(parameters.env as object)).not.toContain('tok-secret-1');
    expect(grace).toBe(5);
    connect({ config: config({ cwd: '/srv/here' }) });
    expect(fake.made[1]?.parameters.cwd).toBe('/srv/here');
  });

  it('a server that exits while starting is reported by its exit code and the line that says why', async () => {
    fake.serve = () => {};
    const connection = connect();
    const opening = connection.open();
    await transport().die({ code: 1, signal: null }, "Error: Cannot find module '/srv/server.js'\nNode.js v24\n");
    await expect(opening).rejects.toThrow(`the MCP server "files" stopped (exit code 1): Error: Cannot find module '/srv/server.js'`);
  });

  it('a server that does not answer in time is named with the setting to raise and what it last said', async () => {
    fake.serve = () => {};
    const connection = connect({ config: config({ startup_timeout: 1 }) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const opening = connection.open();
      transport().stderr.write('loading model\n');
      const failure = expect(opening).rejects.toThrow(
        'the MCP server "files" did not answer within 1 s (mcp.files.startup_timeout); it last said: loading model. Check that files-server --root /srv is an MCP server, or raise startup_timeout.',
      );
      await vi.advanceTimersByTimeAsync(1000);
      await failure;
    } finally {
      vi.useRealTimers();
    }
  });

  it('a silent server that does not answer in time is named without a last line', async () => {
    fake.serve = () => {};
    const connection = connect({ config: config({ startup_timeout: 1 }) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const failure = expect(connection.open()).rejects.toThrow(/^the MCP server "files" did not answer within 1 s \(mcp\.files\.startup_timeout\)\. Check that/);
      await vi.advanceTimersByTimeAsync(1000);
      await failure;
    } finally {
      vi.useRealTimers();
    }
  });

  it('an HTTP server that cannot be reached is named by its URL with the system’s reason', async () => {
    const connection = connect({ config: mcpServerConfigSchema.parse({ url: 'http://127.0.0.1:1/mcp' }) });
    expect(connection.transportKind).toBe('http');
    expect(connection.processId).toBeUndefined();
    // fetch refuses port 1 itself ("bad port"): nothing is sent anywhere, and the cause is what the person reads.
    await expect(connection.open()).rejects.toThrow('the MCP server "files" could not be reached at http://127.0.0.1:1/mcp: fetch failed: bad port');
  });

  it('calls a tool with its arguments; a tool’s own failure comes back as a result, a protocol error as thrown', async () => {
    fake.serve = serveTools();
    const connection = connect();
    await connection.open();
    expect(await connection.call('echo', { a: 1 }, signal())).toMatchObject({ content: [{ type: 'text', text: '{"a":1}' }] });
    expect(await connection.call('fail', {}, signal())).toMatchObject({ isError: true });
    await expect(connection.call('bad', {}, signal())).rejects.toThrow(/^MCP error -32602: .*upstream fetch failed: path is required$/);
    expect(await connection.call('echo', { b: 2 }, signal())).toMatchObject({ content: [{ text: '{"b":2}' }] });
  });

  it('a call that outlasts call_timeout says so, naming the setting', async () => {
    fake.serve = serveTools([TOOLS], () => vi.advanceTimersByTime(1000));
    const connection = connect({ config: config({ call_timeout: 1 }) });
    await connection.open();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await expect(connection.call('hang', {}, signal())).rejects.toThrow(
        'did not finish within 1 s (mcp.files.call_timeout): the MCP server "files" was told to stop it',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('a server that dies during a call: the call did not finish, later calls were not run, and the owner is told once why', async () => {
    let hung: () => void = () => {};
    const hanging = new Promise<void>((resolve) => (hung = resolve));
    fake.serve = serveTools([TOOLS], () => hung());
    const ended: string[] = [];
    const connection = connect({ onEnded: (reason) => ended.push(reason) });
    await connection.open();
    const call = connection.call('hang', {}, signal());
    await hanging;
    await transport().die({ code: null, signal: 'SIGKILL' }, 'panic: out of memory\n');
    await expect(call).rejects.toThrow('did not finish: the MCP server "files" stopped (killed by SIGKILL): panic: out of memory');
    await expect(connection.call('echo', {}, signal())).rejects.toThrow('was not run: the MCP server "files" stopped (killed by SIGKILL): panic: out of memory');
    expect(ended).toEqual(['stopped (killed by SIGKILL): panic: out of memory']);
    expect(await connection.ended).toBe('stopped (killed by SIGKILL): panic: out of memory');
  });

  it('a server that exits without a code or a word is still said to have stopped', async () => {
    fake.serve = serveTools();
    const connection = connect();
    await connection.open();
    await transport().die({ code: null, signal: null });
    expect(await connection.ended).toBe('stopped (exit code unknown)');
  });

  it('hides the server’s env and header values and harombe’s secrets in what it said, longest first', async () => {
    fake.serve = serveTools();
    const connection = connect({ secrets: ['tok-abcdef'], config: config({ env: { KEY: 'sk-1234', LONGER: 'sk-12345678', FOUR: 'wxyz', SHORT: 'abc' } }) });
    await connection.open();
    transport().stderr.write('using sk-12345678 and sk-1234 and tok-abcdef and wxyz and abc\n');
    await new Promise((resolve) => setImmediate(resolve));
    const [line] = connection.stderr.snapshot();
    expect(line).not.toMatch(/sk-1234|tok-abcdef|5678|wxyz/);
    expect(line).toContain('and abc');
  });

  it('close() is not reported as the server going away', async () => {
    fake.serve = serveTools();
    const ended: string[] = [];
    const connection = connect({ onEnded: (reason) => ended.push(reason) });
    await connection.open();
    await connection.close();
    expect(ended).toEqual([]);
    expect(transport().closed).toBe(true);
  });

  it('hands the owner the server’s new tools when it says they changed', async () => {
    fake.serve = serveTools();
    const changed = new Promise<string[]>((resolve) => {
      const connection = connect({ onToolsChanged: (tools) => resolve(tools.map((tool) => tool.name)) });
      void connection.open().then(() => servers[0]?.sendToolListChanged());
    });
    expect(await changed).toEqual(['echo']);
  });

  it('a session that closes without a process exit says it closed the connection', async () => {
    fake.serve = serveTools();
    const connection = connect();
    await connection.open();
    await transport().close();
    expect(await connection.ended).toBe('stopped (closed the connection)');
  });

  it('a server that refuses the handshake is named with its command and its own words', async () => {
    fake.serve = (end) => {
      const far = end as InMemoryTransport;
      far.onmessage = (message) => {
        if ('id' in message) void far.send({ jsonrpc: '2.0', id: message.id, error: { code: -32600, message: 'unsupported protocol' } });
      };
      void far.start();
    };
    await expect(connect().open()).rejects.toThrow(/^the MCP server "files" could not be started \(files-server --root \/srv\): MCP error -32600: unsupported protocol$/);
  });

  it('a server that answers within startup_timeout is ready, however close to the limit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fake.serve = (end) => {
        const server = new Server({ name: 'slow', version: '1' }, { capabilities: { tools: {} } });
        server.setRequestHandler(ListToolsRequestSchema, () => new Promise((resolve) => setTimeout(() => resolve({ tools: TOOLS }), 900)));
        void server.connect(end as InMemoryTransport);
        servers.push(server);
      };
      const opening = connect({ config: config({ startup_timeout: 1 }) }).open();
      await vi.advanceTimersByTimeAsync(950);
      expect((await opening).map((tool) => tool.name)).toEqual(['echo']);
    } finally {
      vi.useRealTimers();
    }
  });
});
