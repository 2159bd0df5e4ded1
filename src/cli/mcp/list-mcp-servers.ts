// `harombe mcp list`: the configured MCP servers with their live status and tools — asked of the running harombe, else
// found by starting each server briefly (when a probe is given), else read from the config with a word on how to see more.
import type { HarombeConfig, ToolsResponse } from '../../shared';
import { colorEnabled, createTerminalStyle } from '../chat/terminal-style';
import { askServer } from '../cluster/running-server';
import { EXIT_OK } from '../cli-error';
import { loadCommandConfig } from '../command-config';
import { asInvoked } from '../invocation';
import { listFromConfig, listFromStatuses, renderMcpList, type McpList } from './mcp-server-list';

export interface McpListOptions {
  json?: boolean;
}

/** Starts each enabled server of `config`, lists its tools and stops it: what GET /tools would say. */
export type McpProbe = (config: HarombeConfig, configPath: string) => Promise<Pick<ToolsResponse, 'tools' | 'mcp_servers'>>;

export interface McpListDependencies {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  findRunningServer: (configPath: string) => Promise<string | undefined>;
  /** Asks the running harombe at `url` for GET /tools. */
  askTools: (url: string) => Promise<ToolsResponse>;
  probe?: McpProbe;
}

export const askToolsOf = (url: string): Promise<ToolsResponse> => askServer(url, (client, signal) => client.call('tools.list', { signal }));

async function gather(config: HarombeConfig, configPath: string, dependencies: McpListDependencies): Promise<McpList> {
  const url = await dependencies.findRunningServer(configPath);
  if (url) return listFromStatuses(config, await dependencies.askTools(url), 'server', url);
  if (dependencies.probe) return listFromStatuses(config, await dependencies.probe(config, configPath), 'probe');
  return listFromConfig(config);
}

const FOOTNOTES: Record<McpList['source'], string> = {
  server: 'Status from the running harombe.',
  probe: 'harombe is not running: each enabled server was started just to list its tools, then stopped.',
  config:
    'harombe is not running, so this is the config alone: `harombe start` and run `harombe mcp list` again for each ' +
    "server's status and tools, or `harombe doctor` to check that each one starts.",
};

export async function listMcpServers(configPath: string, options: McpListOptions, dependencies: McpListDependencies): Promise<number> {
  const { config } = await loadCommandConfig(configPath, dependencies.stderr);
  const { stdout, env } = dependencies;
  if (Object.keys(config.mcp).length === 0) {
    if (options.json) stdout.write(`${JSON.stringify({ source: 'config', servers: [] }, null, 2)}\n`);
    else stdout.write(asInvoked(`No MCP servers in ${configPath}. Add one under mcp: (docs/tools.md#mcp-servers), or copy another app's with \`harombe mcp import FILE\`.\n`, env));
    return EXIT_OK;
  }
  const list = await gather(config, configPath, dependencies);
  if (options.json) {
    stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return EXIT_OK;
  }
  const style = createTerminalStyle(colorEnabled(stdout, env));
  const footnote = list.source === 'server' && list.url ? `Status from the harombe running at ${list.url}.` : FOOTNOTES[list.source];
  stdout.write(`${[...renderMcpList(list, style), '', style.dim(asInvoked(footnote, env))].join('\n')}\n`);
  return EXIT_OK;
}
