// In-memory tools for agent tests: a safe "echo" and a dangerous fake "shell" that records what it ran and can block.
import { z } from 'zod';
import { defineTool } from '../../src/main/tools/tool';
import type { AnyTool } from '../../src/main/tools/tool';

export interface FakeShell {
  tool: AnyTool;
  /** Commands that ran to completion, in order. */
  ran: string[];
  /** Resolves with the tool's signal when a `block` command starts; it then waits until the signal aborts. */
  blocked: Promise<AbortSignal>;
}

export const echoTool = defineTool({
  name: 'echo',
  description: 'Repeat the text back',
  inputSchema: z.object({ text: z.string() }),
  dangerous: false,
  describe: ({ text }) => text,
  execute: async ({ text }) => ({ ok: true, output: text }),
});

/** `block` waits for the turn's signal (a long command being killed); anything else "runs" at once. */
export function createFakeShell(): FakeShell {
  const ran: string[] = [];
  let announceBlocked!: (signal: AbortSignal) => void;
  const blocked = new Promise<AbortSignal>((resolve) => (announceBlocked = resolve));
  const tool = defineTool({
    name: 'shell',
    description: 'Run a shell command',
    inputSchema: z.object({ command: z.string() }),
    dangerous: true,
    describe: ({ command }) => command,
    execute: async ({ command }, { signal }) => {
      if (command === 'block') {
        announceBlocked(signal);
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        return { ok: false, output: 'killed' };
      }
      ran.push(command);
      return { ok: true, output: `ran: ${command}` };
    },
  });
  return { tool, ran, blocked };
}
