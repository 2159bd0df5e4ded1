// The one question `harombe init` asks: "Use qwen2.5:7b? [Y/n]", where the answer may also be another model name.
import { createInterface } from 'node:readline/promises';

/** Ollama model names: `qwen2.5:7b`, `llama3.2`, `hf.co/user/repo:Q4_K_M`. No spaces, no shell characters. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-/:]{0,199}$/;

export function isPlausibleModelName(name: string): boolean {
  return MODEL_NAME.test(name);
}

export interface AskModelOptions {
  recommended: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Asks until it gets a yes, or a model name; end of input (Ctrl-D) takes the recommendation. */
export async function askForModel({ recommended, input, output }: AskModelOptions): Promise<string> {
  const terminal = (output as { isTTY?: boolean }).isTTY === true;
  const prompts = createInterface({ input, output, terminal });
  // Iterating buffers lines, so answers typed (or piped) ahead of a question are not lost.
  const lines = prompts[Symbol.asyncIterator]();
  // Input that already ended (piped answers) closes readline while lines are still buffered.
  let closed = false;
  prompts.once('close', () => (closed = true));
  const ask = async (question: string): Promise<string | null> => {
    if (closed) output.write(question);
    else {
      // As readline's prompt, so a terminal redrawing the line (backspace, arrows) keeps the question.
      prompts.setPrompt(question);
      prompts.prompt();
    }
    const next = await lines.next();
    return next.done ? null : String(next.value).trim();
  };
  try {
    for (;;) {
      const answer = await ask(`Use ${recommended}? [Y/n, or type another model name] `);
      if (answer === null) return recommended;
      const lower = answer.toLowerCase();
      if (lower === '' || lower === 'y' || lower === 'yes') return recommended;
      if (lower === 'n' || lower === 'no') {
        const name = await ask('Model to use (an Ollama name such as qwen2.5:3b; empty keeps the recommendation): ');
        if (name === null || name === '') return recommended;
        if (isPlausibleModelName(name)) return name;
        output.write(`"${name}" is not an Ollama model name (letters, digits and . _ - / : only).\n`);
        continue;
      }
      if (isPlausibleModelName(answer)) return answer;
      output.write('Answer y to use it, n to choose another, or type a model name.\n');
    }
  } finally {
    prompts.close();
  }
}
