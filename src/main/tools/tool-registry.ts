// The enabled tools: their JSON Schema definitions for the model, and validation of the model's calls to them.
// Built-ins are fixed; a ToolSource (the MCP servers) adds tools that come and go as its servers start and stop.
import { z } from 'zod';
import type { FileChange, ToolCall } from '../../shared';
import type { ToolDefinition } from '../llm/llm-client';
import type { AnyTool, Tool, ToolContext, ToolResult } from './tool';

/** A call the model made, checked against its tool: ready to confirm and execute, or an error to send back. */
export type PreparedCall =
  | {
      ok: true;
      call: ToolCall;
      tool: Tool<unknown>;
      input: unknown;
      /** Parsed arguments, for events and confirmation dialogs. */
      arguments: unknown;
      dangerous: boolean;
      /** What it will do, in one line a person can judge. */
      description: string;
      /** The MCP server the call goes to; absent for the built-ins. */
      server?: string;
    }
  | { ok: false; call: ToolCall; arguments: unknown; dangerous: boolean; error: string };

/** Tools that appear and disappear (an MCP server becoming ready or failing); `version` changes whenever `tools()` does. */
export interface ToolSource {
  tools(): readonly AnyTool[];
  readonly version: number;
}

export interface ToolSummary {
  name: string;
  description: string;
  dangerous: boolean;
  /** The MCP server the tool belongs to; absent for the built-ins. */
  server?: string;
}

function parseArguments(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

export class ToolRegistry {
  private readonly builtins = new Map<string, Tool<unknown>>();
  private merged: Map<string, Tool<unknown>>;
  private mergedVersion: number | undefined;

  constructor(
    tools: readonly AnyTool[],
    private readonly source?: ToolSource,
  ) {
    for (const tool of tools) this.builtins.set(tool.name, tool);
    this.merged = this.builtins;
  }

  /** The built-ins and the source's tools of the moment (a built-in keeps its name if a source's tool takes it too). */
  private get tools(): Map<string, Tool<unknown>> {
    if (!this.source || this.source.version === this.mergedVersion) return this.merged;
    this.mergedVersion = this.source.version;
    this.merged = new Map(this.builtins);
    for (const tool of this.source.tools()) if (!this.merged.has(tool.name)) this.merged.set(tool.name, tool);
    this.definitionsMade = undefined;
    return this.merged;
  }

  get size(): number {
    return this.tools.size;
  }

  list(): ToolSummary[] {
    return [...this.tools.values()].map(({ name, description, dangerous, server }) => ({ name, description, dangerous, ...(server ? { server } : {}) }));
  }

  /** Made once per set of tools: converting every schema on each model call cost ~0.5 ms before the request could go out. */
  private definitionsMade: readonly ToolDefinition[] | undefined;

  definitions(): ToolDefinition[] {
    const tools = this.tools;
    this.definitionsMade ??= [...tools.values()].map((tool) => ({
      name: tool.name,
      description: tool.description,
      // A tool's own JSON Schema (an MCP server's) goes to the model as the server wrote it.
      parameters: tool.parameters ?? (z.toJSONSchema(tool.inputSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
    }));
    return this.definitionsMade.map((definition) => ({ ...definition }));
  }

  prepare(call: ToolCall): PreparedCall {
    const parsed = parseArguments(call.arguments);
    const argumentsValue = parsed.ok ? parsed.value : call.arguments;
    const tool = this.tools.get(call.name);
    if (!tool) {
      const known = [...this.tools.keys()].join(', ') || 'none';
      return { ok: false, call, arguments: argumentsValue, dangerous: false, error: `Unknown tool "${call.name}". Available tools: ${known}.` };
    }
    if (!parsed.ok) {
      return {
        ok: false,
        call,
        arguments: argumentsValue,
        dangerous: tool.dangerous,
        error: `The arguments for ${tool.name} are not valid JSON: ${call.arguments.slice(0, 200)}. Send a JSON object matching the tool's parameters.`,
      };
    }
    const input = tool.inputSchema.safeParse(parsed.value);
    if (!input.success) {
      const problems = input.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('; ');
      return { ok: false, call, arguments: argumentsValue, dangerous: tool.dangerous, error: `Invalid arguments for ${tool.name}: ${problems}.` };
    }
    return {
      ok: true,
      call,
      tool,
      input: input.data,
      arguments: argumentsValue,
      dangerous: tool.dangerous,
      // An MCP tool's line names its server already: `everything: echo {"message":"hi"}`.
      description: tool.server ? tool.describe(input.data) : `${tool.name}: ${tool.describe(input.data)}`,
      ...(tool.server ? { server: tool.server } : {}),
    };
  }

  /** What a prepared call would change, for its approval; a preview that fails shows nothing rather than stopping the turn. */
  async preview(prepared: Extract<PreparedCall, { ok: true }>, context: ToolContext): Promise<FileChange | undefined> {
    try {
      return await prepared.tool.preview?.(prepared.input, context);
    } catch {
      return undefined;
    }
  }

  /** Runs a prepared call; a tool that throws becomes a failed result the model can read. */
  async execute(prepared: Extract<PreparedCall, { ok: true }>, context: ToolContext): Promise<ToolResult> {
    try {
      return await prepared.tool.execute(prepared.input, context);
    } catch (error) {
      if (context.signal.aborted) return { ok: false, output: `${prepared.tool.name} was cancelled.` };
      return { ok: false, output: `${prepared.tool.name} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
