// Doctor's MCP statuses: the running harombe's own (GET /tools), so nothing is started twice; else each server is
// started just to look (probeConfiguredMcpServers).
import type { McpStatusProbe } from '../../main/diagnostics';
import type { ToolsResponse } from '../../shared';

export interface RunningMcpStatusSources {
  findRunningServer: (configPath: string) => Promise<string | undefined>;
  askTools: (url: string) => Promise<ToolsResponse>;
  probe: McpStatusProbe;
}

export function mcpStatusesPreferringRunning(sources: RunningMcpStatusSources): McpStatusProbe {
  return async (config, configPath) => {
    const url = await sources.findRunningServer(configPath);
    if (url) {
      try {
        return (await sources.askTools(url)).mcp_servers;
      } catch {
        // A harombe that cannot answer (an older one, a refused token) is looked around: the servers are started here.
      }
    }
    return sources.probe(config, configPath);
  };
}
