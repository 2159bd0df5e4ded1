import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askForModel, isPlausibleModelName } from './ask-model';

/** Runs the question against typed lines; `end` closes the input afterwards, as Ctrl-D does. */
async function answer(lines: string[], end = true) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  input.write(lines.map((line) => `${line}\n`).join(''));
  if (end) input.end();
  const model = await askForModel({ recommended: 'qwen2.5:7b', input, output });
  return { model, shown };
}

describe('askForModel', () => {
  it('asks "Use qwen2.5:7b? [Y/n…]" and takes Enter as yes', async () => {
    const { model, shown } = await answer(['']);
    expect(model).toBe('qwen2.5:7b');
    expect(shown).toContain('Use qwen2.5:7b? [Y/n');
  });

  it('takes y and yes in any case', async () => {
    expect((await answer(['Y'])).model).toBe('qwen2.5:7b');
    expect((await answer(['yes'])).model).toBe('qwen2.5:7b');
  });

  it('asks for another name after n', async () => {
    const { model, shown } = await answer(['n', 'qwen2.5:3b']);
    expect(model).toBe('qwen2.5:3b');
    expect(shown).toContain('Model to use');
  });

  it('accepts a model name typed instead of y/n', async () => {
    expect((await answer(['llama3.2:3b'])).model).toBe('llama3.2:3b');
  });

  it('explains and asks again when the answer is neither', async () => {
    const { model, shown } = await answer(['use the big one', 'y']);
    expect(model).toBe('qwen2.5:7b');
    expect(shown).toContain('Answer y to use it');
  });

  it('rejects an impossible name after n and asks again', async () => {
    const { model, shown } = await answer(['n', 'rm -rf /', 'y']);
    expect(model).toBe('qwen2.5:7b');
    expect(shown).toContain('"rm -rf /" is not an Ollama model name');
  });

  it('takes the recommendation when the input ends without an answer', async () => {
    expect((await answer([])).model).toBe('qwen2.5:7b');
    expect((await answer(['n'])).model).toBe('qwen2.5:7b');
  });
});

describe('isPlausibleModelName', () => {
  it.each(['qwen2.5:7b', 'llama3.2', 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M'])('accepts %s', (name) => {
    expect(isPlausibleModelName(name)).toBe(true);
  });
  it.each(['', 'two words', 'x;rm', ':7b', '$(id)'])('rejects %j', (name) => {
    expect(isPlausibleModelName(name)).toBe(false);
  });
});
