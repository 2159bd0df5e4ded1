// Keeps the start and the end of a command's output and counts what was dropped between them.
import { formatBytes } from '../../shared/format';

export const DEFAULT_OUTPUT_LIMIT_BYTES = 32_000;

// A UTF-8 continuation byte looks like 10xxxxxx.
const isContinuationByte = (byte: number): boolean => (byte & 0xc0) === 0x80;

/** Drops a character cut in half at the end of `head`, so the text does not end in U+FFFD. */
function trimCutCharacterAtEnd(head: Buffer): Buffer {
  for (let back = 1; back <= Math.min(4, head.length); back++) {
    const byte = head[head.length - back] as number;
    if (isContinuationByte(byte)) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? head.subarray(0, head.length - back) : head;
  }
  return head;
}

function trimCutCharacterAtStart(tail: Buffer): Buffer {
  let start = 0;
  while (start < Math.min(3, tail.length) && isContinuationByte(tail[start] as number)) start++;
  return tail.subarray(start);
}

export class CappedOutput {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly head: Buffer[] = [];
  private headLength = 0;
  private tail: Buffer[] = [];
  private tailLength = 0;
  private total = 0;

  constructor(limitBytes: number = DEFAULT_OUTPUT_LIMIT_BYTES) {
    this.headLimit = Math.ceil(limitBytes / 2);
    this.tailLimit = Math.floor(limitBytes / 2);
  }

  get totalBytes(): number {
    return this.total;
  }

  get droppedBytes(): number {
    return this.total - this.headLength - Math.min(this.tailLength, this.tailLimit);
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headLength < this.headLimit) {
      const taken = rest.subarray(0, this.headLimit - this.headLength);
      this.head.push(taken);
      this.headLength += taken.length;
      rest = rest.subarray(taken.length);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailLength += rest.length;
    // Forget whole chunks that have scrolled out of the tail window.
    while (this.tail.length > 1 && this.tailLength - (this.tail[0] as Buffer).length >= this.tailLimit) {
      this.tailLength -= (this.tail.shift() as Buffer).length;
    }
  }

  toString(): string {
    let head: Buffer = Buffer.concat(this.head);
    let tail: Buffer = Buffer.concat(this.tail);
    tail = tail.subarray(Math.max(0, tail.length - this.tailLimit));
    if (this.droppedBytes === 0) return Buffer.concat([head, tail]).toString('utf8');
    head = trimCutCharacterAtEnd(head);
    tail = trimCutCharacterAtStart(tail);
    const dropped = this.total - head.length - tail.length;
    const size = dropped < 1000 ? formatBytes(dropped) : `${formatBytes(dropped)} (${dropped} bytes)`;
    const marker = `\n[… ${size} of output dropped here; the first and last ${formatBytes(this.headLimit)} are kept …]\n`;
    return head.toString('utf8') + marker + tail.toString('utf8');
  }
}
