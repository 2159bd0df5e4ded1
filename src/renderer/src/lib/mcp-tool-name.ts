// Which MCP server a tool belongs to, from its name alone: MCP tools are named `server__tool`, no built-in has `__`.
export function mcpServerOf(toolName: string): string | undefined {
  const cut = toolName.indexOf('__');
  return cut > 0 ? toolName.slice(0, cut) : undefined;
}
