// Reads lines for the chat prompt with node:readline: line editing and history in a terminal, Ctrl-C as an event.
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { toDisposable, type Disposable } from '../../main/base';

/**
 * readline's view of the output, silent while nobody is reading: keys typed during an answer are not echoed
 * into it (they would garble the streamed text); they show up at the next prompt instead.
 */
class EchoGate extends Writable {
  open = false;
  private readonly forwardResize = () => this.emit('resize');

  constructor(private readonly target: NodeJS.WritableStream & { columns?: number; rows?: number }) {
    super();
    target.on('resize', this.forwardResize);
  }

  get columns(): number | undefined {
    return this.target.columns;
  }

  get rows(): number | undefined {
    return this.target.rows;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    if (this.open) this.target.write(chunk);
    callback();
  }

  detach(): void {
    this.target.off('resize', this.forwardResize);
  }
}

export interface LineReaderOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Keys come from a terminal: line editing, arrow-key history, Ctrl-C reported to onInterrupt. */
  terminal: boolean;
  /** Earlier prompts, newest first (readline's order). */
  history?: string[];
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Ignore lines typed before the question appeared (an answer to a confirmation must be typed after it). */
  fresh?: boolean;
  /** Keep the line out of the arrow-key history (confirmation answers). */
  forget?: boolean;
  /** Called once the prompt is shown and the read waits for a line (not for a line typed ahead). */
  onWaiting?: () => void;
}

export class LineReader {
  private readonly readline: Interface;
  private readonly output: NodeJS.WritableStream;
  private readonly echo: EchoGate;
  /** Lines entered while nobody was reading (typed ahead during a turn). */
  private readonly queued: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private closed = false;
  private history: string[];

  constructor(options: LineReaderOptions) {
    this.history = options.history ?? [];
    this.output = options.output;
    this.echo = new EchoGate(options.output);
    this.readline = createInterface({
      input: options.input,
      output: this.echo,
      terminal: options.terminal,
      history: this.history,
      historySize: 500,
      removeHistoryDuplicates: true,
    });
    this.readline.on('line', (line) => this.deliver(line));
    this.readline.on('close', () => {
      this.closed = true;
      this.echo.detach();
      this.deliver(undefined);
    });
    // readline hands out its own history array; keeping it lets us drop confirmation answers from it.
    this.readline.on('history', (history) => {
      this.history = history;
    });
  }

  /** The next line, or undefined when input ended (Ctrl-D, closed) or the read was aborted. */
  read(prompt: string, options: ReadOptions = {}): Promise<string | undefined> {
    if (options.fresh) this.queued.length = 0;
    const typedAhead = this.queued.shift();
    if (typedAhead !== undefined) {
      // Entered while an answer was streaming (and not echoed then): show it where it now takes effect.
      this.output.write(`${prompt}${typedAhead}\n`);
      return Promise.resolve(typedAhead);
    }
    if (this.closed || options.signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.waiting !== finish) return;
        this.waiting = undefined;
        this.echo.open = false;
        this.output.write('\n');
        resolve(undefined);
      };
      const finish = (line: string | undefined) => {
        this.echo.open = false;
        options.signal?.removeEventListener('abort', onAbort);
        if (options.forget && line !== undefined && this.history[0] === line) this.history.shift();
        resolve(line);
      };
      this.waiting = finish;
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.echo.open = true;
      this.readline.setPrompt(prompt);
      this.readline.prompt(true); // keep the cursor after text typed ahead
      options.onWaiting?.();
    });
  }

  /** What is typed at the prompt right now (not yet entered). */
  get currentLine(): string {
    return this.readline.line;
  }

  /** Drops what is typed at the prompt and shows a fresh prompt on the next line, as a shell does on Ctrl-C. */
  discardCurrentLine(): void {
    this.output.write('\n');
    this.readline.write(null, { ctrl: true, name: 'e' });
    this.readline.write(null, { ctrl: true, name: 'u' });
  }

  /** Called on Ctrl-C (terminal mode only). */
  onInterrupt(listener: () => void): Disposable {
    this.readline.on('SIGINT', listener);
    return toDisposable(() => this.readline.off('SIGINT', listener));
  }

  /** Prompts entered, oldest first. */
  enteredLines(): string[] {
    return [...this.history].reverse();
  }

  close(): void {
    if (!this.closed) this.readline.close();
  }

  private deliver(line: string | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(line);
    else if (line !== undefined) this.queued.push(line);
  }
}
