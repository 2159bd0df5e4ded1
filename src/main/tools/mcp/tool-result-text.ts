// What the model reads back from an MCP tool's result: its text, and a short note for each thing it cannot read as text.
import { formatBytes } from '../../../shared/format';
import type { CallToolResult } from './mcp-connection';

export function formatToolResult(result: CallToolResult): string {
  const parts = result.content.map((item) => {
    switch (item.type) {
      case 'text':
        return item.text;
      case 'image':
      case 'audio':
        // base64: four characters carry three bytes.
        return `[${item.type}: ${item.mimeType}, ${formatBytes(Math.floor((item.data.length * 3) / 4))}, not shown]`;
      case 'resource':
        return 'text' in item.resource ? item.resource.text : `[resource ${item.resource.uri}: binary, not shown]`;
      case 'resource_link':
        return `[resource ${item.uri}${item.description ? `: ${item.description}` : ''}]`;
      default:
        return '';
    }
  });
  // A result with structured content only (no text) still says something.
  if (parts.every((part) => part === '') && result.structuredContent) return JSON.stringify(result.structuredContent);
  return parts.filter((part) => part !== '').join('\n');
}
