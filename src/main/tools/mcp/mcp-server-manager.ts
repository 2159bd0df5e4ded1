// Every configured MCP server: started together (in parallel, each on its own), their tools offered to the registry as
// they come and go, kept across a config change unless their own config changed, and all stopped by dispose().
import { isDeepStrictEqual } from 'node:util';
import type { McpConfig, McpServerConfig, McpServerStatus } from '../../../shared';
import { Emitter, type Event } from '../../base';
import type { AnyTool } from '../tool';
import type { ToolSource } from '../tool-registry';
import { McpServerSupervisor } from './mcp-server-supervisor';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from './restart-backoff';

export interface McpServerManagerOptions {
  /** Where a stdio server runs unless its `cwd` says otherwise. */
  workspace: string;
  /** Scrubbed before a stdio server gets it (default process.env). */
  environment?: NodeJS.ProcessEnv;
  /** Values no server's environment may carry (harombe's tokens). */
  secrets?: readonly string[];
  restart?: Partial<RestartPolicy>;
  /** Grace before SIGTERM, and again before SIGKILL, when a stdio server is stopped. */
  stopGraceMs?: number;
  outputLimitBytes?: number;
}

export class McpServerManager implements ToolSource {
  private readonly supervisors = new Map<string, McpServerSupervisor>();
  private readonly changes = new Emitter<void>();
  /** A server's status or tools changed. */
  readonly onDidChange: Event<void> = this.changes.event;
  private changeCount = 0;
  private toolList: readonly AnyTool[] = [];
  private toolListVersion = -1;
  private started = false;
  private disposed = false;
  private workspace: string;

  constructor(
    config: McpConfig,
    private readonly options: McpServerManagerOptions,
  ) {
    this.workspace = options.workspace;
    for (const [name, server] of Object.entries(config)) this.supervisors.set(name, this.supervise(name, server));
  }

  get version(): number {
    return this.changeCount;
  }

  /** Starts every enabled server at once; each comes up (or fails) on its own, nothing here waits for them. */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    for (const supervisor of this.supervisors.values()) supervisor.start();
  }

  /** Resolves once every server's first start has ended, ready or failed. */
  async whenSettled(): Promise<void> {
    await Promise.all([...this.supervisors.values()].map((supervisor) => supervisor.whenSettled()));
  }

  statuses(): McpServerStatus[] {
    return [...this.supervisors.values()].map((supervisor) => supervisor.status());
  }

  tools(): readonly AnyTool[] {
    if (this.toolListVersion !== this.changeCount) {
      this.toolList = [...this.supervisors.values()].flatMap((supervisor) => supervisor.tools());
      this.toolListVersion = this.changeCount;
    }
    return this.toolList;
  }

  /** The stdio servers' process ids, for tests that check none is left behind. */
  processIds(): number[] {
    return [...this.supervisors.values()].flatMap((supervisor) => supervisor.processId() ?? []);
  }

  /**
   * A saved config change: servers whose own config (and workspace, for those without a `cwd`) did not change keep
   * running; changed per-tool overrides are applied in place; removed ones stop, changed ones restart, new ones start.
   */
  async applyConfig(next: McpConfig, workspace = this.workspace): Promise<void> {
    if (this.disposed) return;
    const previousWorkspace = this.workspace;
    this.workspace = workspace;
    const stopped: Promise<void>[] = [];
    for (const [name, supervisor] of this.supervisors) {
      const wanted = next[name];
      const moved = workspace !== previousWorkspace && supervisor.config.command !== undefined && supervisor.config.cwd === undefined;
      if (wanted && !moved && isDeepStrictEqual(withoutOverrides(wanted), withoutOverrides(supervisor.config))) {
        supervisor.applyOverrides(wanted.tools);
        continue;
      }
      this.supervisors.delete(name);
      stopped.push(supervisor.dispose());
    }
    await Promise.all(stopped);
    for (const [name, server] of Object.entries(next)) {
      if (this.supervisors.has(name)) continue;
      const supervisor = this.supervise(name, server);
      this.supervisors.set(name, supervisor);
      if (this.started) supervisor.start();
    }
    this.changed();
  }

  /** Stops every server; their processes are gone when it resolves. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all([...this.supervisors.values()].map((supervisor) => supervisor.dispose()));
    this.changed();
    this.changes.dispose();
  }

  private supervise(name: string, config: McpServerConfig): McpServerSupervisor {
    const { environment, secrets, stopGraceMs, outputLimitBytes } = this.options;
    return new McpServerSupervisor({
      name,
      config,
      restart: { ...DEFAULT_RESTART_POLICY, ...this.options.restart },
      ...(outputLimitBytes ? { outputLimitBytes } : {}),
      onDidChange: () => this.changed(),
      connect: async (options) =>
        new (await import('./mcp-session')).McpConnection({
          ...options,
          workspace: this.workspace,
          ...(environment ? { environment } : {}),
          ...(secrets ? { secrets } : {}),
          ...(stopGraceMs !== undefined ? { stopGraceMs } : {}),
        }),
    });
  }

  private changed(): void {
    this.changeCount += 1;
    this.changes.fire();
  }
}

function withoutOverrides(config: McpServerConfig): Omit<McpServerConfig, 'tools'> {
  const { tools: _overrides, ...rest } = config;
  return rest;
}
