// Shows one turn in the terminal (a new printer per turn): streamed text, tool calls and results, and the end (done, cancelled, error).
import { clearScreenDown, cursorTo, moveCursor } from 'node:readline';
import type { DoneEvent, ErrorEvent, RouteEvent, ToolCallEvent, ToolResultEvent } from '../../shared';
import { asInvoked } from '../invocation';
import { hasMarkdownStructure, renderMarkdown } from './markdown';
import { stripControlCharacters } from './safe-text';
import type { TerminalStyle } from './terminal-style';
import { countTerminalRows } from './terminal-rows';
import { formatArguments, previewOutput } from './tool-call-format';

export interface TerminalOutput extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface TurnPrinterOptions {
  output: TerminalOutput;
  style: TerminalStyle;
  /** Replace streamed Markdown by its rendered form once it is complete (a TTY with colors). */
  renderMarkdown: boolean;
}

/*
 * Markdown: tokens are written raw as they arrive, so the answer appears at once. When a stretch of streamed
 * text ends (a tool call, a question or the end of the answer) and it used Markdown structure, the cursor
 * moves back to where that text began, clears below, and prints the rendered version in its place: the
 * answer is shown once, never twice. If the text has scrolled past the top of the screen it cannot be reached,
 * so it stays raw (Markdown is readable as it is). Without a TTY or without colors nothing is rewritten.
 */
export class TurnPrinter {
  /** Text streamed since the last thing that was not text; it starts at column 0. */
  private segment = '';
  private streamedText = false;
  private atLineStart = true;

  constructor(private readonly options: TurnPrinterOptions) {}

  token(text: string): void {
    const safe = stripControlCharacters(text);
    if (!safe) return;
    if (!this.segment) this.startLine();
    this.segment += safe;
    this.streamedText = true;
    this.write(safe);
  }

  /** Ends the streamed stretch of text, rendering it as Markdown in place when that helps. */
  async endText(): Promise<void> {
    const text = this.segment;
    this.segment = '';
    if (!text) return;
    const { output } = this.options;
    if (this.options.renderMarkdown && hasMarkdownStructure(text)) {
      const rows = countTerminalRows(text, this.columns());
      // A size of 0 means the terminal did not say; assume the classic 24 rows.
      if (rows < (output.rows || 24)) {
        const rendered = await renderMarkdown(text, this.columns());
        moveCursor(output, 0, -(rows - 1));
        cursorTo(output, 0);
        clearScreenDown(output);
        this.write(`${rendered}\n`);
        return;
      }
    }
    this.startLine();
  }

  route(event: RouteEvent): void {
    const { style } = this.options;
    this.line(style.dim(`↳ ${event.node} (tier ${event.tier}, ${event.complexity})`));
  }

  async toolCall(event: ToolCallEvent): Promise<void> {
    await this.endText();
    const { style } = this.options;
    const width = Math.max(40, this.columns() - event.name.length - 4);
    const args = stripControlCharacters(formatArguments(event.arguments, width));
    this.line(`${style.cyan('⚙')} ${style.bold(event.name)} ${style.dim(args)}`);
  }

  async toolResult(event: ToolResultEvent): Promise<void> {
    await this.endText();
    const { style } = this.options;
    const mark = event.ok ? style.green('✓') : style.red('✗');
    this.line(`  ${mark} ${event.name} ${style.dim(`${Math.round(event.ms)} ms`)}`);
    const width = Math.max(40, this.columns() - 6);
    for (const line of previewOutput(stripControlCharacters(event.output), 4, width)) this.line(style.dim(`    ${line}`));
  }

  async done(event: DoneEvent): Promise<void> {
    await this.endText();
    if (!this.streamedText && event.response.trim()) {
      // The backend did not stream: show the whole answer now, rendered when it is Markdown.
      const text = stripControlCharacters(event.response).replace(/\s+$/, '');
      const rendered =
        this.options.renderMarkdown && hasMarkdownStructure(text)
          ? await renderMarkdown(text, this.columns())
          : text;
      this.line(rendered);
    }
    if (event.cancelled) this.cancelled();
  }

  cancelled(): void {
    this.line(this.options.style.dim('(cancelled — what was said so far is kept)'));
  }

  async error(event: Pick<ErrorEvent, 'message' | 'hint'>): Promise<void> {
    await this.endText();
    const { style } = this.options;
    this.line(style.red(`error: ${stripControlCharacters(event.message)}`));
    if (event.hint) this.line(`  ${asInvoked(stripControlCharacters(event.hint))}`);
  }

  /** A full line of our own (notices, confirmation feedback), starting on a fresh line. */
  line(text: string): void {
    this.startLine();
    this.write(`${text}\n`);
  }

  private columns(): number {
    return this.options.output.columns || 80;
  }

  private startLine(): void {
    if (!this.atLineStart) this.write('\n');
  }

  private write(text: string): void {
    if (!text) return;
    this.options.output.write(text);
    this.atLineStart = text.endsWith('\n');
  }
}
