// What a running MCP server needs of the SDK (the client, its transports, ajv), loaded with import() when the first
// server starts: a harombe without MCP servers, and every CLI command, never pays for parsing it.
export { McpConnection } from './mcp-connection';
export { createMcpTool } from './mcp-tool';
