// An MCP server's tool as a harombe tool: named `server__tool`, its JSON Schema passed to the model as it is and checked
// with ajv (the SDK's validator), dangerous unless the server says read-only, its output capped like the built-ins'.
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import { z } from 'zod';
import type { McpToolOverride } from '../../../shared';
import { CappedOutput, DEFAULT_OUTPUT_LIMIT_BYTES } from '../output-cap';
import type { Tool, ToolResult } from '../tool';
import { formatToolResult } from './tool-result-text';
import type { CallToolResult, McpToolDefinition } from './mcp-connection';
import { McpCallError } from './mcp-errors';
import { isDangerous, mcpToolName } from './mcp-tool-naming';

/** Runs one call on the server; rejects with a sentence (`the MCP server "x" stopped …`) when it cannot. */
export type McpToolCaller = (tool: string, args: Record<string, unknown>, signal: AbortSignal) => Promise<CallToolResult>;

export interface McpToolOptions {
  server: string;
  definition: McpToolDefinition;
  override?: McpToolOverride;
  call: McpToolCaller;
  outputLimitBytes?: number;
}

const validator = new AjvJsonSchemaValidator();

export function createMcpTool({ server, definition, override, call, outputLimitBytes = DEFAULT_OUTPUT_LIMIT_BYTES }: McpToolOptions): Tool<Record<string, unknown>> {
  const name = mcpToolName(server, definition.name);
  const parameters = definition.inputSchema as Record<string, unknown>;
  return {
    name,
    description: definition.description ?? definition.title ?? `${definition.name} (from the MCP server "${server}")`,
    parameters,
    server,
    inputSchema: argumentsSchema(parameters),
    dangerous: isDangerous(definition, override),
    describe: (input) => oneLine(`${server}: ${definition.name} ${JSON.stringify(input)}`),
    execute: async (input, context): Promise<ToolResult> => {
      try {
        const result = await call(definition.name, input, context.signal);
        return { ok: result.isError !== true, output: capped(formatToolResult(result), outputLimitBytes) };
      } catch (error) {
        if (context.signal.aborted) return { ok: false, output: `${name} was cancelled.` };
        // The connection and the manager word their failures from the verb on (`was not run: …`, `did not finish: …`).
        const output = error instanceof McpCallError ? `${name} ${error.message}` : `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
        return { ok: false, output };
      }
    },
  };
}

/** Checks the model's arguments against the tool's own JSON Schema; a schema ajv cannot compile is left to the server. */
function argumentsSchema(parameters: Record<string, unknown>): z.ZodType<Record<string, unknown>> {
  let validate: ((input: unknown) => { valid: boolean; errorMessage?: string | undefined }) | undefined;
  try {
    validate = validator.getValidator(parameters as JsonSchemaType);
  } catch {
    validate = undefined;
  }
  return z.record(z.string(), z.unknown()).superRefine((input, context) => {
    const verdict = validate?.(input);
    if (verdict && !verdict.valid) context.addIssue({ code: 'custom', message: verdict.errorMessage ?? 'does not match the tool’s schema' });
  });
}

function capped(text: string, limit: number): string {
  const output = new CappedOutput(limit);
  output.push(Buffer.from(text, 'utf8'));
  return output.toString();
}

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
