// The last lines a stdio MCP server wrote to stderr: what its status shows when it fails, kept small whatever it writes.

const MAX_LINE_CHARS = 500;
const PROBLEM = /error|fatal|exception|panic|cannot|can't|failed|denied|not found|refused/i;

export class StderrTail {
  private readonly lines: string[] = [];
  private partial = '';

  /** `hide` rewrites each line before it is kept: the connection hides the secrets a server may echo. */
  constructor(
    private readonly maxLines = 20,
    private readonly hide: (line: string) => string = (line) => line,
  ) {}

  push(chunk: string): void {
    const pieces = (this.partial + chunk).split(/\r?\n/);
    // A server that never writes a newline must not grow the partial line without end.
    this.partial = (pieces.pop() ?? '').slice(-MAX_LINE_CHARS);
    for (const line of pieces) this.add(line);
  }

  /** The kept lines, oldest first, the unfinished last one included; blank lines left out. */
  snapshot(): string[] {
    const lines = this.partial.trim() === '' ? [...this.lines] : [...this.lines, this.hide(this.partial)];
    return lines.slice(-this.maxLines);
  }

  /**
   * The line most likely to say why a server stopped: the last one naming an error, else the last one (Node ends a
   * crash with its version line, Python with the exception after the traceback).
   */
  last(): string | undefined {
    const lines = this.snapshot();
    return lines.findLast((line) => PROBLEM.test(line)) ?? lines.at(-1);
  }

  private add(line: string): void {
    if (line.trim() === '') return;
    const shown = this.hide(line);
    this.lines.push(shown.length > MAX_LINE_CHARS ? `${shown.slice(0, MAX_LINE_CHARS)} …` : shown);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}
