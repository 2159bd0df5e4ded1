// One MCP server's life as a person reads it in its status and the model meets it in its tools, with the connection
// replaced by a scripted one (no process, no SDK session): ready, failed with why, restarting with when, given up.
import { describe, expect, it } from 'vitest';
import { mcpServerConfigSchema } from '../../../shared';
import type { McpConnection, McpToolDefinition } from './mcp-connection';
import { McpServerSupervisor, type McpServerSupervisorOptions } from './mcp-server-supervisor';
import { StderrTail } from './stderr-tail';

const definition = (name: string, readOnly = false): McpToolDefinition => ({
  name,
  inputSchema: { type: 'object' },
  ...(readOnly ? { annotations: { readOnlyHint: true } } : {}),
});

type Opening = McpToolDefinition[] | Error;
type ConnectOptions = Parameters<McpServerSupervisorOptions['connect']>[0];

/** A scripted session: open() answers the next opening, crash() ends it as a process exit would. */
class FakeConnection {
  readonly stderr = new StderrTail();
  readonly processId = 4242;
  closed = false;
  private resolveEnded: (reason: string) => void = () => {};
  readonly ended = new Promise<string>((resolve) => (this.resolveEnded = resolve));
  readonly calls: unknown[] = [];

  constructor(
    readonly options: ConnectOptions,
    private readonly opening: Opening,
  ) {}

  async open(): Promise<McpToolDefinition[]> {
    if (this.opening instanceof Error) throw this.opening;
    return this.opening;
  }

  async call(tool: string, args: Record<string, unknown>) {
    this.calls.push([tool, args]);
    return { content: [{ type: 'text' as const, text: `ran ${tool}` }] };
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  crash(reason = 'stopped (exit code 1)'): void {
    this.options.onEnded?.(reason);
    this.resolveEnded(reason);
  }
}

interface Harness {
  supervisor: McpServerSupervisor;
  connections: FakeConnection[];
  /** Resolves at the change after which `test` holds (at once if it holds now). */
  until(test: () => boolean): Promise<void>;
  clock: { now: number };
}

function supervise(config: Record<string, unknown>, openings: Opening[], restart: Partial<McpServerSupervisorOptions['restart']> = {}): Harness {
  const connections: FakeConnection[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const clock = { now: 0 };
  const supervisor = new McpServerSupervisor({
    name: 'files',
    config: mcpServerConfigSchema.parse({ command: 'files-server', ...config }),
    restart: { initialDelayMs: 1, maxDelayMs: 1, maxAttempts: 2, stableAfterMs: 60_000, ...restart },
    now: () => clock.now,
    onDidChange: () => {
      for (const waiter of [...waiters]) {
        if (!waiter.test()) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    connect: async (options) => {
      const connection = new FakeConnection(options, openings.shift() ?? new Error('no more openings scripted'));
      connections.push(connection);
      return connection as unknown as McpConnection;
    },
  });
  const until = (test: () => boolean) => (test() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve })));
  return { supervisor, connections, until, clock };
}

const context = () => ({ workspace: '/tmp', signal: new AbortController().signal });
const state = (harness: Harness) => harness.supervisor.status().status;

describe('McpServerSupervisor', () => {
  it('a switched-off server says so, is settled at once and never started', async () => {
    const harness = supervise({ enabled: false }, []);
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    expect(harness.supervisor.status()).toEqual({
      name: 'files',
      transport: 'stdio',
      enabled: false,
      status: 'disabled',
      reason: 'it is switched off (mcp.files.enabled: false)',
      tools: [],
    });
    expect(harness.connections).toHaveLength(0);
  });

  it('offers the server’s tools once ready, and their calls reach the server', async () => {
    const harness = supervise({}, [[definition('read', true), definition('write')]]);
    expect(harness.supervisor.status()).toMatchObject({ status: 'starting', tools: [] });
    harness.supervisor.start();
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    expect(harness.supervisor.status()).toEqual({ name: 'files', transport: 'stdio', enabled: true, status: 'ready', tools: ['files__read', 'files__write'] });
    expect(harness.supervisor.tools().map((tool) => [tool.name, tool.dangerous])).toEqual([
      ['files__read', false],
      ['files__write', true],
    ]);
    expect(harness.supervisor.processId()).toBe(4242);
    expect(harness.connections).toHaveLength(1);
    expect(harness.connections[0]?.options).toMatchObject({ name: 'files', config: { command: 'files-server' } });
    expect(await harness.supervisor.tools()[1]?.execute({ path: 'a' }, context())).toEqual({ ok: true, output: 'ran write' });
    expect(harness.connections[0]?.calls).toEqual([['write', { path: 'a' }]]);
  });

  it('an HTTP server is reported as http', () => {
    const harness = supervise({ command: undefined, url: 'http://127.0.0.1:9/mcp' }, []);
    expect(harness.supervisor.status().transport).toBe('http');
  });

  it('shows the last lines the server wrote to stderr', async () => {
    const harness = supervise({}, [[definition('read')]]);
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.stderr.push('warming up\nready on stdio\n');
    expect(harness.supervisor.status().stderr_tail).toEqual(['warming up', 'ready on stdio']);
  });

  it('a server that cannot start is failed with the reason, offers no tools, is not retried, and its calls say why', async () => {
    const harness = supervise({}, [new Error('the MCP server "files" could not be started (files-server): spawn ENOENT')]);
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    expect(harness.supervisor.status()).toMatchObject({ status: 'failed', reason: 'the MCP server "files" could not be started (files-server): spawn ENOENT', tools: [] });
    expect(harness.connections).toHaveLength(1);
    expect(harness.connections[0]?.closed).toBe(true);
  });

  it('a crash shows restarting with why, when and which attempt; a call meanwhile is answered at once with that; then ready again', async () => {
    const harness = supervise({}, [[definition('write')], [definition('write')]], { maxAttempts: 3, initialDelayMs: 60_000, maxDelayMs: 60_000 });
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    const [write] = harness.supervisor.tools();
    harness.connections[0]?.crash('stopped (exit code 3): Error: disk full');
    // Told at once (before the backoff), so no call finds it called ready.
    expect(harness.supervisor.status()).toMatchObject({ status: 'restarting', reason: 'the MCP server "files" stopped (exit code 3): Error: disk full; starting it again' });
    await harness.until(() => harness.supervisor.status().reason?.includes('attempt') === true);
    const reason = harness.supervisor.status().reason ?? '';
    // The delay is jittered (cockatiel): its words, not its value, are checked.
    expect(reason).toMatch(/^the MCP server "files" stopped \(exit code 3\): Error: disk full; starting it again in (\d+ ms|\d+(\.\d)? s|1 min) \(attempt 1 of 3\)$/);
    expect(harness.supervisor.tools().map((tool) => tool.name)).toEqual(['files__write']);
    expect(await write?.execute({}, context())).toEqual({ ok: false, output: `files__write was not run: ${reason}` });
    expect(harness.connections[0]?.closed).toBe(true);
    await harness.supervisor.dispose();
  });

  it('comes back ready after a crash, its tools calling the new session', async () => {
    const harness = supervise({}, [[definition('write')], [definition('write'), definition('read')]]);
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.crash();
    await harness.until(() => harness.connections.length === 2 && state(harness) === 'ready');
    expect(harness.supervisor.status()).toMatchObject({ status: 'ready', tools: ['files__write', 'files__read'] });
    expect(harness.supervisor.status().reason).toBeUndefined();
    await harness.supervisor.tools()[0]?.execute({}, context());
    expect(harness.connections[1]?.calls).toHaveLength(1);
    expect(harness.connections[0]?.calls).toHaveLength(0);
  });

  it('a restart that fails to start is tried again rather than failed, until the attempts run out', async () => {
    const harness = supervise({}, [[definition('write')], new Error('boom once'), [definition('write')]], { maxAttempts: 3 });
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.crash();
    await harness.until(() => harness.connections.length === 3 && state(harness) === 'ready');
    expect(harness.connections[1]?.closed).toBe(true);
  });

  it('a restart that fails to start when no attempts are left leaves it failed with that reason', async () => {
    const harness = supervise({}, [[definition('write')], new Error('the MCP server "files" could not be started: gone')], { maxAttempts: 1 });
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.crash();
    await harness.until(() => state(harness) === 'failed');
    expect(harness.supervisor.status()).toMatchObject({ status: 'failed', reason: 'the MCP server "files" could not be started: gone', tools: [] });
  });

  it('gives up after crashing maxAttempts+1 times in a row, saying how many and what to do', async () => {
    const harness = supervise({}, [[definition('write')], [definition('write')]], { maxAttempts: 1 });
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.crash();
    await harness.until(() => harness.connections.length === 2 && state(harness) === 'ready');
    const [write] = harness.supervisor.tools();
    harness.connections[1]?.crash('stopped (killed by SIGSEGV)');
    await harness.until(() => state(harness) === 'failed');
    // A call the model made from the tools it was given before: answered with the state and why.
    expect((await write?.execute({}, context()))?.output).toBe(`files__write was not run: it is failed: ${harness.supervisor.status().reason}`);
    expect(harness.supervisor.status()).toEqual({
      name: 'files',
      transport: 'stdio',
      enabled: true,
      status: 'failed',
      reason:
        'the MCP server "files" stopped (killed by SIGSEGV); it stopped 2 times in a row, so harombe no longer restarts it (fix it, then save the config again or restart harombe)',
      tools: [],
    });
    expect(harness.connections[1]?.closed).toBe(true);
  });

  it('a server that stayed up for stableAfterMs starts its count again at its next crash', async () => {
    const harness = supervise({}, [[definition('write')], [definition('write')], [definition('write')]], { maxAttempts: 1, stableAfterMs: 1000 });
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.crash();
    await harness.until(() => harness.connections.length === 2 && state(harness) === 'ready');
    harness.clock.now += 1000;
    harness.connections[1]?.crash();
    await harness.until(() => harness.connections.length === 3 && state(harness) === 'ready');
    await harness.supervisor.dispose();
  });

  it('one that crashes before stableAfterMs keeps counting', async () => {
    const harness = supervise({}, [[definition('write')], [definition('write')], [definition('write')]], { maxAttempts: 1, stableAfterMs: 1000 });
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.crash();
    await harness.until(() => harness.connections.length === 2 && state(harness) === 'ready');
    harness.clock.now += 999;
    harness.connections[1]?.crash();
    await harness.until(() => state(harness) === 'failed');
  });

  it('hides a tool switched off in the config and applies changed overrides without restarting the server', async () => {
    const harness = supervise({ tools: { write: { enabled: false } } }, [[definition('read', true), definition('write')]]);
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    expect(harness.supervisor.status().tools).toEqual(['files__read']);
    harness.supervisor.applyOverrides({ write: { enabled: true }, read: { enabled: true, dangerous: true } });
    expect(harness.supervisor.tools().map((tool) => [tool.name, tool.dangerous])).toEqual([
      ['files__read', true],
      ['files__write', true],
    ]);
    expect(harness.connections).toHaveLength(1);
  });

  it('overrides saved before the server is ready apply when it is', () => {
    const harness = supervise({}, []);
    harness.supervisor.applyOverrides({ write: { enabled: false } });
    expect(harness.supervisor.tools()).toEqual([]);
  });

  it('takes the tools the server says changed while it is ready', async () => {
    const harness = supervise({}, [[definition('read')]]);
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.options.onToolsChanged?.([definition('read'), definition('search')]);
    expect(harness.supervisor.status().tools).toEqual(['files__read', 'files__search']);
  });

  it('ignores a tools change from a session that already ended', async () => {
    const harness = supervise({}, [[definition('read')], [definition('read')]], { initialDelayMs: 60_000, maxDelayMs: 60_000 });
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    harness.connections[0]?.crash();
    harness.connections[0]?.options.onToolsChanged?.([definition('other')]);
    expect(harness.supervisor.status().tools).toEqual(['files__read']);
    await harness.supervisor.dispose();
  });

  it('dispose stops the session and starts nothing again', async () => {
    const harness = supervise({}, [[definition('read')], [definition('read')]]);
    harness.supervisor.start();
    await harness.supervisor.whenSettled();
    await harness.supervisor.dispose();
    expect(harness.connections[0]?.closed).toBe(true);
    harness.connections[0]?.crash();
    await Promise.resolve();
    expect(harness.connections).toHaveLength(1);
  });

  it('dispose before the first start settles resolves whenSettled', async () => {
    const harness = supervise({}, []);
    await harness.supervisor.dispose();
    await harness.supervisor.whenSettled();
    expect(harness.connections).toHaveLength(0);
  });
});
