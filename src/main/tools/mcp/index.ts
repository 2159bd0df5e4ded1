// MCP servers' public face: the manager the assistant keeps, and the one-shot probe the CLI's doctor and `mcp list` use.
export { McpServerManager } from './mcp-server-manager';
export type { McpServerManagerOptions } from './mcp-server-manager';
export { probeMcpServers } from './probe-mcp-servers';
export type { McpProbeOptions } from './probe-mcp-servers';
export { isDangerous, mcpToolName } from './mcp-tool-naming';
