import { describe, expect, it } from 'vitest';
import type { PullProgress } from '../../main/llm';
import { PullPrinter } from './pull-printer';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;

function sink(columns = 100) {
  const output = { text: '', columns, write: (chunk: string) => ((output.text += chunk), true) };
  return output;
}

function layer(digest: string, total: number, completed?: number): PullProgress {
  return { status: `pulling ${digest.slice(7, 19)}`, digest, total, ...(completed === undefined ? {} : { completed }) };
}

describe('PullPrinter', () => {
  it('prints plain lines in a pipe: each status once, each layer every 10%, no `success`', () => {
    const output = sink();
    const printer = new PullPrinter({ output: output as never, live: false, now: () => 0 });
    const lines: PullProgress[] = [
      { status: 'pulling manifest' },
      layer(DIGEST, 1000),
      layer(DIGEST, 1000, 50),
      layer(DIGEST, 1000, 120),
      layer(DIGEST, 1000, 130),
      layer(DIGEST, 1000, 1000),
      layer(OTHER, 2000, 2000),
      { status: 'verifying sha256 digest' },
      { status: 'verifying sha256 digest' },
      { status: 'success' },
    ];
    for (const line of lines) printer.print(line);
    printer.finish();
    expect(output.text.split('\n')).toEqual([
      'pulling manifest',
      'pulling aaaaaaaaaaaa: 0 bytes / 1 KB (0%)',
      'pulling aaaaaaaaaaaa: 120 bytes / 1 KB (12%)',
      'pulling aaaaaaaaaaaa: 1 KB / 1 KB (100%)',
      'pulling bbbbbbbbbbbb: 2 KB / 2 KB (100%)',
      'verifying sha256 digest',
      '',
    ]);
  });

  it('redraws one bar in place on a terminal, at most every redraw interval, and ends it before the next status', () => {
    let now = 0;
    const output = sink();
    const printer = new PullPrinter({ output: output as never, live: true, now: () => now, redrawIntervalMs: 100 });
    printer.print(layer(DIGEST, 1000));
    now = 50;
    printer.print(layer(DIGEST, 1000, 300)); // too soon: skipped
    now = 200;
    printer.print(layer(DIGEST, 1000, 600));
    now = 210;
    printer.print(layer(DIGEST, 1000, 1000)); // complete: always drawn
    printer.print({ status: 'writing manifest' });
    const draws = output.text.split('\r\u001b[2K').filter(Boolean);
    expect(draws.map((draw) => draw.match(/(\d+)%/)?.[1])).toEqual(['0', '60', '100']);
    expect(output.text.endsWith('100%  1 KB / 1 KB\nwriting manifest\n')).toBe(true);
  });

  it('finish() leaves the cursor on a fresh line after a bar, and does nothing otherwise', () => {
    const output = sink();
    const printer = new PullPrinter({ output: output as never, live: true, now: () => 0 });
    printer.finish();
    expect(output.text).toBe('');
    printer.print(layer(DIGEST, 1000, 10));
    printer.finish();
    printer.finish();
    expect(output.text.endsWith('\n')).toBe(true);
    expect(output.text.match(/\n/g)).toHaveLength(1);
  });
});

describe('PullPrinter on a terminal that reports no width', () => {
  it('still draws the bar', () => {
    const output = sink(0);
    new PullPrinter({ output: output as never, live: true, now: () => 0 }).print(layer(DIGEST, 1000, 500));
    expect(output.text.startsWith('\r\u001b[2K')).toBe(true);
    expect(output.text.slice(5)).toMatch(/^pulling aaaaaaaaaaaa \[█+░+\] {2}50% {2}500 bytes \/ 1 KB$/);
  });
});
