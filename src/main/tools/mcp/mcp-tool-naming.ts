// What an MCP tool is called in harombe and whether it is dangerous: small rules the CLI and the engine share.
import type { McpToolOverride } from '../../../shared';

/** The part of an MCP tool definition these rules read. */
export interface McpToolTraits {
  name: string;
  annotations?: { readOnlyHint?: boolean | undefined } | undefined;
}

/** What models accept as a function name (OpenAI: 1-64 letters, digits, _ and -); MCP allows more. */
export function mcpToolName(server: string, tool: string): string {
  return `${server}__${tool.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

/** Dangerous unless the server annotates it readOnlyHint; a per-tool `dangerous` in the config says otherwise. */
export function isDangerous(definition: McpToolTraits, override: McpToolOverride | undefined): boolean {
  return override?.dangerous ?? definition.annotations?.readOnlyHint !== true;
}
