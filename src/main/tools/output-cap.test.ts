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
});
