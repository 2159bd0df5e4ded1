import { describe, expect, it } from 'vitest';
import { FakeTerminalOutput } from './fake-terminal';
import { createTerminalStyle } from './terminal-style';
import { TurnPrinter } from './turn-printer';

function printer(options: { isTTY?: boolean; renderMarkdown?: boolean; rows?: number } = {}) {
  const output = new FakeTerminalOutput({ isTTY: options.isTTY ?? true });
  if (options.rows) output.rows = options.rows;
  const turnPrinter = new TurnPrinter({ output, style: createTerminalStyle(false), renderMarkdown: options.renderMarkdown ?? true });
  return { output, turnPrinter };
}

const done = (response: string) => ({ type: 'done' as const, conversation_id: 'c', response, steps: 1 });
const MARKDOWN_ANSWER = ['Here:\n\n', '- **one**\n', '- two'];

describe('TurnPrinter', () => {
  it('replaces streamed Markdown by its rendered form in place, so the answer shows once', async () => {
    const { output, turnPrinter } = printer();
    for (const text of MARKDOWN_ANSWER) turnPrinter.token(text);
    await turnPrinter.done(done(MARKDOWN_ANSWER.join('')));
    // Four rows were streamed: up three to the first, clear below, print the rendered list.
    const rewriteAt = output.raw.indexOf('\x1b[3A\x1b[1G\x1b[0J');
    expect(rewriteAt).toBeGreaterThan(0);
    expect(output.raw.slice(0, rewriteAt)).toBe('Here:\n\n- **one**\n- two');
    const rendered = output.raw.slice(rewriteAt);
    expect(rendered).toMatch(/\* .*one/);
    expect(rendered).not.toContain('**');
  });

  it('leaves plain text as it was streamed', async () => {
    const { output, turnPrinter } = printer();
    turnPrinter.token('Just a sentence.');
    await turnPrinter.done(done('Just a sentence.'));
    expect(output.raw).toBe('Just a sentence.\n');
  });

  it('keeps Markdown raw when it scrolled past the top of the screen, rather than printing it twice', async () => {
    const { output, turnPrinter } = printer({ rows: 3 });
    for (const text of MARKDOWN_ANSWER) turnPrinter.token(text);
    await turnPrinter.done(done(MARKDOWN_ANSWER.join('')));
    expect(output.raw).toBe('Here:\n\n- **one**\n- two\n');
  });

  it('does not move the cursor when rendering is off (no TTY or no colors)', async () => {
    const { output, turnPrinter } = printer({ isTTY: false, renderMarkdown: false });
    for (const text of MARKDOWN_ANSWER) turnPrinter.token(text);
    await turnPrinter.done(done(MARKDOWN_ANSWER.join('')));
    expect(output.raw).toBe('Here:\n\n- **one**\n- two\n');
  });

  it('strips escape sequences the model sends', async () => {
    const { output, turnPrinter } = printer({ renderMarkdown: false });
    turnPrinter.token('\x1b[2Jhello\x07 world\u009b');
    await turnPrinter.done(done('hello world'));
    expect(output.raw).toBe('[2Jhello world\n');
  });

  it('prints the answer from `done` when nothing was streamed, and notes a cancelled turn', async () => {
    const { output, turnPrinter } = printer({ renderMarkdown: false });
    await turnPrinter.done({ ...done('The whole answer.'), cancelled: true });
    expect(output.raw).toBe('The whole answer.\n(cancelled — what was said so far is kept)\n');
  });

  it('ends the streamed line before a tool call', async () => {
    const { output, turnPrinter } = printer({ renderMarkdown: false });
    turnPrinter.token('Let me look.');
    await turnPrinter.toolCall({ type: 'tool_call', id: '1', name: 'shell', arguments: { command: 'ls' }, dangerous: true });
    expect(output.raw).toBe('Let me look.\n⚙ shell {"command":"ls"}\n');
  });
});
