// `harombe mcp list` as data and as lines: each configured MCP server, its transport, status (with the reason and its
// stderr tail) and its tools, dangerous ones marked — from a running harombe, a probe, or the config alone.
import { hideSecrets, secretValues } from '../../main/config';
import type { HarombeConfig, McpServerStatus, ToolsResponse } from '../../shared';
import type { TerminalStyle } from '../chat/terminal-style';

/** Where the statuses came from: the running harombe, servers started just to look, or only the config (no status). */
export type McpListSource = 'server' | 'probe' | 'config';

export interface McpListedServer {
  name: string;
  transport: 'stdio' | 'http';
  enabled: boolean;
  /** `command args…` or the url (never env or headers). */
  target: string;
  /** Absent when only the config was read. */
  status?: McpServerStatus['status'];
  reason?: string;
  stderr_tail?: string[];
  tools: { name: string; dangerous: boolean }[];
}

export interface McpList {
  source: McpListSource;
  url?: string;
  servers: McpListedServer[];
}

function targetOf(server: HarombeConfig['mcp'][string]): string {
  return server.url ?? [server.command ?? '', ...server.args].join(' ');
}

/** The config's servers joined with the statuses and tools a running harombe (or a probe) reported. */
export function listFromStatuses(config: HarombeConfig, answer: Pick<ToolsResponse, 'tools' | 'mcp_servers'>, source: McpListSource, url?: string): McpList {
  const secrets = secretValues(config);
  const dangerous = new Map(answer.tools.map((tool) => [tool.name, tool.dangerous]));
  const reported = new Map(answer.mcp_servers.map((status) => [status.name, status]));
  const names = [...new Set([...Object.keys(config.mcp), ...reported.keys()])];
  const servers = names.map((name): McpListedServer => {
    const configured = config.mcp[name];
    const status = reported.get(name);
    return {
      name,
      transport: status?.transport ?? (configured?.url ? 'http' : 'stdio'),
      enabled: status?.enabled ?? configured?.enabled ?? true,
      target: configured ? hideSecrets(targetOf(configured), secrets) : '',
      ...(status ? { status: status.status } : {}),
      // A server may print its own key; the secrets the config gave it are hidden wherever they appear.
      ...(status?.reason ? { reason: hideSecrets(status.reason, secrets) } : {}),
      ...(status?.stderr_tail && status.stderr_tail.length > 0 ? { stderr_tail: status.stderr_tail.map((line) => hideSecrets(line, secrets)) } : {}),
      tools: (status?.tools ?? []).map((tool) => ({ name: tool, dangerous: dangerous.get(tool) ?? true })),
    };
  });
  return { source, ...(url ? { url } : {}), servers };
}

/** Only what the config says: no status, no tools. */
export function listFromConfig(config: HarombeConfig): McpList {
  return {
    source: 'config',
    servers: Object.entries(config.mcp).map(([name, server]) => ({
      name,
      transport: server.url ? 'http' : 'stdio',
      enabled: server.enabled,
      target: targetOf(server),
      tools: [],
    })),
  };
}

function statusText(server: McpListedServer, style: TerminalStyle): string {
  if (!server.enabled) return style.dim('disabled');
  switch (server.status) {
    case 'ready':
      return style.green('ready');
    case 'failed':
      return style.red('failed');
    case 'starting':
    case 'restarting':
      return style.yellow(server.status);
    case 'disabled':
      return style.dim('disabled');
    case undefined:
      return style.dim('enabled');
  }
}

/** One line per server, then its reason, stderr tail and tools indented under it. */
export function renderMcpList(list: McpList, style: TerminalStyle): string[] {
  const width = Math.max(...list.servers.map((server) => server.name.length));
  const lines: string[] = [];
  for (const server of list.servers) {
    const tools = server.status === 'ready' ? `  ${server.tools.length} tool${server.tools.length === 1 ? '' : 's'}` : '';
    lines.push(`${style.bold(server.name.padEnd(width))}  ${server.transport.padEnd(5)}  ${statusText(server, style)}${tools}  ${style.dim(server.target)}`);
    if (server.reason) lines.push(`    ${server.status === 'failed' ? style.red(server.reason) : server.reason}`);
    // A ready server's start-up chatter is noise; its stderr matters when it failed or keeps restarting.
    if (server.stderr_tail && server.status !== 'ready') {
      lines.push(style.dim('    stderr (last lines):'));
      for (const line of server.stderr_tail) lines.push(style.dim(`      ${line}`));
    }
    const toolWidth = Math.max(0, ...server.tools.map((tool) => tool.name.length));
    for (const tool of server.tools) lines.push(tool.dangerous ? `    ${tool.name.padEnd(toolWidth)}  ${style.yellow('dangerous (asks first)')}` : `    ${tool.name}`);
  }
  return lines;
}
