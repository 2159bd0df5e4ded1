// `harombe mcp list` without a running harombe: starts the configured MCP servers as `harombe start` would, waits
// until each is ready or failed, takes their statuses and tools (with whether each is dangerous), and stops them all.
import { mcpProbeOptions } from '../../main/diagnostics';
import { McpServerManager } from '../../main/tools/mcp';
import type { McpProbe } from './list-mcp-servers';

// probeMcpServers (the doctor's) gives statuses only; the list also marks each tool dangerous or not, so it keeps the
// manager until it has read the tools.
export const probeMcpTools: McpProbe = async (config, configPath) => {
  const manager = new McpServerManager(config.mcp, { ...(await mcpProbeOptions(config, configPath)), restart: { maxAttempts: 0 } });
  try {
    manager.start();
    await manager.whenSettled();
    return {
      mcp_servers: manager.statuses(),
      tools: manager.tools().map((tool) => ({ name: tool.name, description: tool.description, dangerous: tool.dangerous, ...(tool.server ? { server: tool.server } : {}) })),
    };
  } finally {
    await manager.dispose();
  }
};
