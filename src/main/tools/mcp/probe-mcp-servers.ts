// One look at the configured MCP servers without a running harombe (`harombe doctor`, `harombe mcp list`): start each,
// list its tools, stop it, and report what was found — the same statuses GET /tools gives.
import type { McpConfig, McpServerStatus } from '../../../shared';
import { McpServerManager, type McpServerManagerOptions } from './mcp-server-manager';

export type McpProbeOptions = Pick<McpServerManagerOptions, 'workspace' | 'environment' | 'secrets' | 'stopGraceMs'>;

/** Every server of `config` (harombe.yaml's `mcp:`), started in parallel within its startup_timeout; none is left running. */
export async function probeMcpServers(config: McpConfig, options: McpProbeOptions): Promise<McpServerStatus[]> {
  const manager = new McpServerManager(config, { ...options, restart: { maxAttempts: 0 } });
  try {
    manager.start();
    await manager.whenSettled();
    return manager.statuses();
  } finally {
    await manager.dispose();
  }
}
