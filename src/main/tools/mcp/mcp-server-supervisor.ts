// One configured MCP server over its life: started, its tools offered while it runs, restarted with backoff when it
// crashes (its tools answer at once meanwhile), left `failed` with the reason when it cannot start, stopped on dispose.
import { formatDuration } from '../../../shared/format';
import type { McpServerConfig, McpServerState, McpServerStatus, McpToolOverride } from '../../../shared';
import type { AnyTool } from '../tool';
import type { McpConnection, McpConnectionOptions, McpToolDefinition } from './mcp-connection';
import { McpCallError } from './mcp-errors';
import type { createMcpTool } from './mcp-tool';
import { pause, RestartBackoff, type RestartPolicy } from './restart-backoff';

export interface McpServerSupervisorOptions {
  name: string;
  config: McpServerConfig;
  /** Opens a session; the manager passes its workspace, environment and secrets. */
  connect: (options: Pick<McpConnectionOptions, 'name' | 'config' | 'onToolsChanged' | 'onEnded'>) => Promise<McpConnection>;
  restart: RestartPolicy;
  outputLimitBytes?: number;
  /** The status or the tools changed. */
  onDidChange: () => void;
  now?: () => number;
}

export class McpServerSupervisor {
  private state: McpServerState;
  private reason: string | undefined;
  private connection: McpConnection | undefined;
  private definitions: McpToolDefinition[] = [];
  private createTool: typeof createMcpTool | undefined;
  private madeTools: AnyTool[] = [];
  private overrides: Record<string, McpToolOverride>;
  private readonly backoff: RestartBackoff;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private settled: Promise<void>;
  private settle: () => void = () => {};

  constructor(private readonly options: McpServerSupervisorOptions) {
    this.overrides = options.config.tools;
    this.backoff = new RestartBackoff(options.restart);
    this.state = options.config.enabled ? 'starting' : 'disabled';
    if (!options.config.enabled) this.reason = `it is switched off (mcp.${options.name}.enabled: false)`;
    this.settled = options.config.enabled ? new Promise((resolve) => (this.settle = resolve)) : Promise.resolve();
  }

  get config(): McpServerConfig {
    return this.options.config;
  }

  start(): void {
    if (this.state === 'disabled' || this.running) return;
    this.running = this.run();
  }

  /** Resolves once the first start has ended, ready or failed (at once for a disabled server). */
  whenSettled(): Promise<void> {
    return this.settled;
  }

  status(): McpServerStatus {
    const { name, config } = this.options;
    const tail = this.connection?.stderr.snapshot() ?? [];
    return {
      name,
      transport: config.command === undefined ? 'http' : 'stdio',
      enabled: config.enabled,
      status: this.state,
      ...(this.reason ? { reason: this.reason } : {}),
      ...(tail.length > 0 ? { stderr_tail: tail } : {}),
      tools: this.madeTools.map((tool) => tool.name),
    };
  }

  /** Its tools while it runs or restarts (a call meanwhile is answered at once); none once failed or disabled. */
  tools(): readonly AnyTool[] {
    return this.madeTools;
  }

  /** The stdio server's process id while it runs. */
  processId(): number | undefined {
    return this.connection?.processId;
  }

  /** Per-tool overrides changed alone: the tools are made again, the server keeps running. */
  applyOverrides(overrides: Record<string, McpToolOverride>): void {
    this.overrides = overrides;
    if (this.madeTools.length > 0) this.offer(this.definitions);
  }

  async dispose(): Promise<void> {
    this.stopping.abort();
    await this.connection?.close();
    await this.running;
    this.settle();
  }

  private async run(): Promise<void> {
    const now = this.options.now ?? Date.now;
    for (;;) {
      // Loaded with the first server to start (see mcp-session.ts); cached by import() after that.
      this.createTool ??= (await import('./mcp-session')).createMcpTool;
      const connection: McpConnection = await this.options.connect({
        name: this.options.name,
        config: this.options.config,
        onToolsChanged: (definitions) => {
          if (this.connection === connection && this.state === 'ready') this.offer(definitions);
        },
        // At once, so a call answered "stopped" never finds the server still called ready.
        onEnded: (reason) => {
          if (this.state === 'ready') this.setState('restarting', `the MCP server "${this.options.name}" ${reason}; starting it again`);
        },
      });
      // Disposed while the SDK loaded: nothing was started yet, so there is nothing to stop.
      if (this.stopping.signal.aborted) return;
      this.connection = connection;
      let definitions: McpToolDefinition[];
      try {
        definitions = await connection.open();
      } catch (error) {
        await connection.close();
        if (this.stopping.signal.aborted) return;
        const reason = error instanceof Error ? error.message : String(error);
        // A server that never came up is not retried: its config (or its install) needs a person.
        if (this.state === 'starting' || this.backoff.exhausted) return this.fail(reason);
        if (!(await this.waitToRestart(reason))) return;
        continue;
      }
      if (this.stopping.signal.aborted) return;
      this.offer(definitions);
      this.setState('ready', undefined);
      this.settle();
      const readyAt = now();
      const stopped = new Promise<undefined>((resolve) => this.stopping.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
      const ended = await Promise.race([connection.ended, stopped]);
      if (ended === undefined) return;
      await connection.close();
      if (now() - readyAt >= this.options.restart.stableAfterMs) this.backoff.reset();
      const reason = `the MCP server "${this.options.name}" ${ended}`;
      if (this.backoff.exhausted) return this.fail(`${reason}; it stopped ${this.backoff.attempts + 1} times in a row, so harombe no longer restarts it (fix it, then save the config again or restart harombe)`);
      if (!(await this.waitToRestart(reason))) return;
    }
  }

  /** Shows `restarting` with why and when, waits the backoff; false when disposed meanwhile. */
  private async waitToRestart(reason: string): Promise<boolean> {
    const delay = this.backoff.next();
    this.setState('restarting', `${reason}; starting it again in ${formatDuration(delay)} (attempt ${this.backoff.attempts} of ${this.backoff.policy.maxAttempts})`);
    return pause(delay, this.stopping.signal);
  }

  private fail(reason: string): void {
    this.madeTools = [];
    this.setState('failed', reason);
    this.settle();
  }

  private setState(state: McpServerState, reason: string | undefined): void {
    this.state = state;
    this.reason = reason;
    this.options.onDidChange();
  }

  private offer(definitions: McpToolDefinition[]): void {
    this.definitions = definitions;
    const { name, outputLimitBytes } = this.options;
    const createTool = this.createTool;
    if (!createTool) return;
    this.madeTools = definitions
      .filter((definition) => this.overrides[definition.name]?.enabled !== false)
      .map((definition) =>
        createTool({
          server: name,
          definition,
          ...(this.overrides[definition.name] ? { override: this.overrides[definition.name] } : {}),
          call: (tool, args, signal) => this.call(tool, args, signal),
          ...(outputLimitBytes ? { outputLimitBytes } : {}),
        }),
      );
    this.options.onDidChange();
  }

  private call(tool: string, args: Record<string, unknown>, signal: AbortSignal) {
    if (this.state !== 'ready' || !this.connection) {
      const why = this.state === 'restarting' ? this.reason : `it is ${this.state}${this.reason ? `: ${this.reason}` : ''}`;
      return Promise.reject(new McpCallError(`was not run: ${why ?? `the MCP server "${this.options.name}" is not ready`}`));
    }
    return this.connection.call(tool, args, signal);
  }
}
