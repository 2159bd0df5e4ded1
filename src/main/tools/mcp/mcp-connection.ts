// One session with one MCP server: start it (stdio in a scrubbed environment, or streamable HTTP), list its tools within
// its start-up timeout, call them within the call timeout, and say in words why it ended when it goes away unasked.
import { StringDecoder } from 'node:string_decoder';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, type CallToolResult, type Tool as McpToolDefinition } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../../../shared';
import { scrubEnvironment } from '../scrub-environment';
import { McpCallError, McpStartError } from './mcp-errors';
import { StderrTail } from './stderr-tail';
import { hideSecrets } from '../../config/redact-config';
import { StdioProcessTransport, type ProcessExit } from './stdio-process-transport';

export type { CallToolResult, McpToolDefinition };

export interface McpConnectionOptions {
  name: string;
  config: McpServerConfig;
  /** Where a stdio server runs unless its `cwd` says otherwise: the tools' workspace. */
  workspace: string;
  /** Scrubbed, then the server's own `env` on top (default process.env). */
  environment?: NodeJS.ProcessEnv;
  /** Values no server's environment may carry (harombe's tokens), whatever the variable is called. */
  secrets?: readonly string[];
  /** Grace before SIGTERM and again before SIGKILL when stopping a stdio server. */
  stopGraceMs?: number;
  /** Told synchronously when the server goes away unasked, before any call waiting on it is answered. */
  onEnded?: (reason: string) => void;
  /** The server said its tools changed (notifications/tools/list_changed) and they were listed again. */
  onToolsChanged?: (tools: McpToolDefinition[]) => void;
}


const CLIENT_INFO = { name: 'harombe', version: '1' };

export class McpConnection {
  /**
   * What the server said on stderr, with its own env and header values and harombe's secrets hidden: a server that
   * echoes its API key as it dies must not put it in a status, a tool error the model reads, or a saved conversation.
   */
  readonly stderr: StderrTail;
  private readonly client: Client;
  private readonly transport: Transport;
  private closing = false;
  private endReason: string | undefined;
  private resolveEnded: (reason: string) => void = () => {};
  /** Settles with the reason once the server went away without being asked to (a crash, an exit, a lost session). */
  readonly ended: Promise<string> = new Promise((resolve) => (this.resolveEnded = resolve));

  constructor(private readonly options: McpConnectionOptions) {
    const { env, headers } = options.config;
    const hidden = [...(options.secrets ?? []), ...Object.values(env), ...Object.values(headers)].filter((value) => value.length >= 4)
      .sort((first, second) => second.length - first.length);
    this.stderr = new StderrTail(20, (line) => hideSecrets(line, hidden));
    this.transport = this.createTransport();
    this.client = new Client(CLIENT_INFO, {
      capabilities: {},
      listChanged: {
        tools: { onChanged: (error, tools) => (error || !tools ? undefined : this.options.onToolsChanged?.(tools)) },
      },
    });
    this.client.onclose = () => this.end(this.stopReason());
  }

  get transportKind(): 'stdio' | 'http' {
    return this.options.config.command === undefined ? 'http' : 'stdio';
  }

  /** The stdio server's process id while it runs. */
  get processId(): number | undefined {
    return this.transport instanceof StdioProcessTransport ? this.transport.processId : undefined;
  }

  /** Connects and lists the tools within `startup_timeout`; throws an McpStartError saying why not. */
  async open(): Promise<McpToolDefinition[]> {
    const { name, config } = this.options;
    const limit = AbortSignal.timeout(config.startup_timeout * 1000);
    const options = { signal: limit, timeout: config.startup_timeout * 1000 };
    try {
      await this.client.connect(this.transport, options);
      const tools: McpToolDefinition[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.client.listTools(cursor ? { cursor } : {}, options);
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor);
      return tools;
    } catch (error) {
      // A stdio server's exit says most; an HTTP session "closed" only because the request failed, which says more.
      if (this.endReason && this.transportKind === 'stdio') throw new McpStartError(`the MCP server "${name}" ${this.endReason}`);
      if (limit.aborted || isTimeout(error)) {
        const heard = this.stderr.last();
        throw new McpStartError(
          `the MCP server "${name}" did not answer within ${config.startup_timeout} s (mcp.${name}.startup_timeout)` +
            (heard ? `; it last said: ${heard}` : '') +
            `. Check that ${this.describeTarget()} is an MCP server, or raise startup_timeout.`,
        );
      }
      const how = this.transportKind === 'http' ? `could not be reached at ${this.describeTarget()}` : `could not be started (${this.describeTarget()})`;
      throw new McpStartError(`the MCP server "${name}" ${how}: ${messageOf(error)}`);
    }
  }

  /**
   * Calls a tool within `call_timeout`. Rejects with a sentence when the server stops during the call, the call times
   * out or the server answers a protocol error; a tool's own failure comes back as a result with `isError`.
   */
  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> {
    const { name, config } = this.options;
    if (this.endReason) throw new McpCallError(`was not run: the MCP server "${name}" ${this.endReason}`);
    const call = this.client.callTool({ name: tool, arguments: args }, undefined, { signal, timeout: config.call_timeout * 1000 });
    try {
      return (await Promise.race([call, this.ended.then((reason) => Promise.reject(new Error(reason)))])) as CallToolResult;
    } catch (error) {
      call.catch(() => {});
      if (this.endReason) throw new McpCallError(`did not finish: the MCP server "${name}" ${this.endReason}`);
      if (isTimeout(error)) {
        throw new McpCallError(`did not finish within ${config.call_timeout} s (mcp.${name}.call_timeout): the MCP server "${name}" was told to stop it`);
      }
      if (this.transportKind === 'http' && isUnreachable(error)) {
        this.end(`cannot be reached at ${this.options.config.url}: ${messageOf(error)}`);
        throw new McpCallError(`was not run: the MCP server "${name}" ${this.endReason}`);
      }
      throw error;
    }
  }

  /** Stops the session; a stdio server's process is gone when this returns. */
  async close(): Promise<void> {
    this.closing = true;
    await this.client.close().catch(() => {});
    // A transport the client never connected is not closed by it.
    await this.transport.close().catch(() => {});
  }

  private end(reason: string | undefined): void {
    if (this.closing || this.endReason || reason === undefined) return;
    this.endReason = reason;
    this.options.onEnded?.(reason);
    this.resolveEnded(reason);
  }

  /** Why the session closed: a stdio process's exit code or signal and its last stderr line. */
  private stopReason(): string | undefined {
    if (this.closing) return undefined;
    const exit = this.transport instanceof StdioProcessTransport ? this.transport.exit : undefined;
    const how = exit ? describeExit(exit) : 'closed the connection';
    const heard = this.stderr.last();
    return `stopped (${how})${heard ? `: ${heard}` : ''}`;
  }

  private describeTarget(): string {
    const { config } = this.options;
    return config.command === undefined ? (config.url ?? '') : [config.command, ...config.args].join(' ');
  }

  private createTransport(): Transport {
    const { config } = this.options;
    if (config.command === undefined) {
      return new StreamableHTTPClientTransport(new URL(config.url ?? ''), { requestInit: { headers: config.headers } });
    }
    const transport = new StdioProcessTransport(
      {
        command: config.command,
        args: config.args,
        env: { ...scrubEnvironment(this.options.environment ?? process.env, { secrets: this.options.secrets ?? [] }), ...config.env },
        cwd: config.cwd ?? this.options.workspace,
        stderr: 'pipe',
      },
      this.options.stopGraceMs,
    );
    const decoder = new StringDecoder('utf8');
    transport.stderr?.on('data', (chunk: Buffer) => this.stderr.push(decoder.write(chunk)));
    return transport;
  }
}

function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
}

function isTimeout(error: unknown): boolean {
  return (error instanceof McpError && error.code === ErrorCode.RequestTimeout) || (error instanceof Error && error.name === 'TimeoutError');
}

function isUnreachable(error: unknown): boolean {
  const text = messageOf(error);
  return /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|socket hang up/i.test(text);
}

/** The error's message, with its cause's when it has one (`fetch failed: connect ECONNREFUSED 127.0.0.1:9`). */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
}
