import { describe, expect, it } from 'vitest';
import { CappedOutput } from './output-cap';

describe('CappedOutput', () => {
  it('keeps everything under the limit, however it arrives', () => {
    const output = new CappedOutput(16);
    for (const piece of ['hello ', 'wor', 'ld']) output.push(Buffer.from(piece));
    expect(output.toString()).toBe('hello world');
    expect(output.droppedBytes).toBe(0);
  });

  it('keeps exactly the limit without a marker', () => {
    const output = new CappedOutput(10);
    output.push(Buffer.from('0123456789'));
    expect(output.toString()).toBe('0123456789');
  });

  it('keeps the head and the tail and says how much was dropped between', () => {
    const output = new CappedOutput(8);
    output.push(Buffer.from('HEAD'));
    for (let index = 0; index < 100; index++) output.push(Buffer.from('..........'));
    output.push(Buffer.from('TAIL'));
    expect(output.totalBytes).toBe(1008);
    expect(output.droppedBytes).toBe(1000);
    expect(output.toString()).toBe('HEAD\n[… 1 KB (1000 bytes) of output dropped here; the first and last 4 bytes are kept …]\nTAIL');
  });

  it('does not cut a character in half at either edge', () => {
    const output = new CappedOutput(8);
    // 'é' is two bytes: the head limit (4) falls inside the second one.
    output.push(Buffer.from('abcé' + 'x'.repeat(20) + 'éxyz'));
    const text = output.toString();
    expect(text).not.toContain('\uFFFD');
    expect(text.startsWith('abc\n')).toBe(true);
    expect(text.endsWith('\nxyz')).toBe(true);
  });

  it('says a drop under 1,000 bytes in bytes only, and a larger one with the exact count too', () => {
    const under = new CappedOutput(8);
    under.push(Buffer.from(`HEAD${'.'.repeat(999)}TAIL`));
    expect(under.toString()).toBe('HEAD\n[… 999 bytes of output dropped here; the first and last 4 bytes are kept …]\nTAIL');
    const over = new CappedOutput(8);
    over.push(Buffer.from(`HEAD${'.'.repeat(1000)}TAIL`));
    expect(over.toString()).toBe('HEAD\n[… 1 KB (1000 bytes) of output dropped here; the first and last 4 bytes are kept …]\nTAIL');
  });

  it('keeps a whole start and end of text in 2-, 3- and 4-byte characters, at every limit and however it arrives', () => {
    // Characters of two, three and four bytes; Devanagari's lead byte is 0xE0, the lowest of the three-byte ones.
    const text = 'é€😀न'.repeat(6) + 'abc' + 'न😀€é'.repeat(6);
    const total = Buffer.byteLength(text);
    for (let limit = 2; limit <= 24; limit += 1) {
      for (const pieceBytes of [1, 3, total]) {
        const output = new CappedOutput(limit);
        const bytes = Buffer.from(text);
        for (let at = 0; at < bytes.length; at += pieceBytes) output.push(bytes.subarray(at, at + pieceBytes));
        const shown = output.toString();
        const label = `limit ${limit}, pieces of ${pieceBytes}`;
        expect(shown, label).not.toContain('\uFFFD');
        const [head, tail] = shown.split(/\n\[… .* of output dropped here; the first and last .* are kept …\]\n/);
        expect(text.startsWith(head as string), label).toBe(true);
        expect(text.endsWith(tail as string), label).toBe(true);
        // Never more than the limit kept, and no more than a character's worth less on each side.
        const kept = Buffer.byteLength(head as string) + Buffer.byteLength(tail as string);
        expect(kept, label).toBeLessThanOrEqual(limit);
        expect(kept, label).toBeGreaterThanOrEqual(limit - 6);
        expect(output.droppedBytes, label).toBe(total - Math.ceil(limit / 2) - Math.floor(limit / 2));
      }
    }
  });
});
