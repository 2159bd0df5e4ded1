// Questions asked one line at a time on a terminal (or piped answers): for `harombe cluster init`'s conversation.
import { createInterface } from 'node:readline/promises';

export interface Prompter {
  /** The answer, trimmed; null once input has ended (Ctrl-D, or the piped answers ran out). */
  ask(question: string): Promise<string | null>;
  say(line: string): void;
  close(): void;
}

export function createPrompter(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Prompter {
  const terminal = (output as { isTTY?: boolean }).isTTY === true;
  const prompts = createInterface({ input, output, terminal });
  // Iterating buffers lines, so answers typed (or piped) ahead of a question are not lost.
  const lines = prompts[Symbol.asyncIterator]();
  let closed = false;
  prompts.once('close', () => (closed = true));
  return {
    async ask(question) {
      if (closed) output.write(question);
      else {
        prompts.setPrompt(question);
        prompts.prompt();
      }
      const next = await lines.next();
      return next.done ? null : String(next.value).trim();
    },
    say(line) {
      output.write(`${line}\n`);
    },
    close() {
      prompts.close();
    },
  };
}
