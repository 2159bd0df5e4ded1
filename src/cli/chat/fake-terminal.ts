// Streams standing in for a terminal in tests: input we type into, output we read back (with or without escapes).
import { PassThrough, Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

export class FakeTerminalOutput extends Writable {
  raw = '';
  isTTY: boolean;
  columns = 80;
  rows = 24;

  constructor(options: { isTTY?: boolean } = {}) {
    super();
    this.isTTY = options.isTTY ?? false;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.raw += chunk.toString();
    callback();
  }

  /** What was written, without escape sequences (readline's prompt redraws, cursor moves). */
  text(): string {
    return stripVTControlCharacters(this.raw);
  }
}

export function fakeTerminalInput(isTTY: boolean): PassThrough & { isTTY?: boolean } {
  const input: PassThrough & { isTTY?: boolean } = new PassThrough();
  input.isTTY = isTTY;
  return input;
}

/** Ctrl-C as a terminal in raw mode sends it. */
export const CTRL_C = '\x03';
