// A tool: a zod input schema, a description, whether it is dangerous, and what it does inside the workspace.
import type { z } from 'zod';
import type { FileChange } from '../../shared';

export interface ToolContext {
  /** Real path of the folder the tool acts in; nothing outside it is touched. */
  workspace: string;
  /** Aborted when the turn is cancelled: the tool stops (a shell command is killed). */
  signal: AbortSignal;
  /** harombe's own paths (its home, its config file): the file tools refuse them even inside the workspace. */
  hidden?: readonly string[];
}

export interface ToolResult {
  ok: boolean;
  /** What the model reads back (already capped). */
  output: string;
  /** The shell's exit code (null when it was stopped or never started); absent for other tools. For the audit log. */
  exitCode?: number | null;
}

export interface Tool<Input = unknown> {
  name: string;
  description: string;
  inputSchema: z.ZodType<Input>;
  /** The JSON Schema the model is given, when the tool brings its own (an MCP tool's); else made from inputSchema. */
  parameters?: Record<string, unknown>;
  /** The MCP server the tool belongs to (its name is `server__tool`); absent for the built-ins. */
  server?: string;
  /** Dangerous tools run only after a person approves (unless tools.confirm_dangerous is false). */
  dangerous: boolean;
  /** One line saying what this call will do, shown when asking for approval: `rm -rf build` */
  describe(input: Input): string;
  execute(input: Input, context: ToolContext): Promise<ToolResult>;
  /** What the call would change, read before asking for approval (a file write's diff); undefined when nothing to show. */
  preview?(input: Input, context: ToolContext): Promise<FileChange | undefined>;
}

/** A tool of any input, so tools with different inputs share one list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the input type is checked per tool by its zod schema
export type AnyTool = Tool<any>;

export function defineTool<Input>(tool: Tool<Input>): Tool<Input> {
  return tool;
}
