// The one way sizes, durations, counts and times are written (src/shared/format.ts), as tables of cases.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatClockTime, formatCount, formatDuration, formatSpeed } from '../src/shared/format';

describe('formatBytes (decimal, as Ollama writes sizes)', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [1000, '1 KB'],
    [1024, '1 KB'],
    [1482, '1.5 KB'],
    [16_000, '16 KB'],
    [32_000, '32 KB'],
    [999_960, '1 MB'],
    [350_000_000, '350 MB'],
    [4_683_087_332, '4.7 GB'],
    [19_000_000_000, '19 GB'],
    [1.2e12, '1.2 TB'],
    [-5, '0 bytes'],
    [Number.NaN, '0 bytes'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('says a speed in the same units', () => {
    expect(formatSpeed(35_200_000)).toBe('35 MB/s');
    expect(formatSpeed(5_250_000)).toBe('5.3 MB/s');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [40, '40 ms'],
    [250.4, '250 ms'],
    [999.6, '1 s'],
    [1000, '1 s'],
    [1500, '1.5 s'],
    [12_500, '12.5 s'],
    [59_960, '1 min'],
    [60_000, '1 min'],
    [125_000, '2 min 5 s'],
    [3_599_000, '59 min 59 s'],
    [3_600_000, '1 h'],
    [4_000_000, '1 h 7 min'],
    [7_170_000, '2 h'],
    [-3, '0 ms'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatCount and formatClockTime', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1240, '1,240'],
    [1_000_000.4, '1,000,000'],
    [-1500, '-1,500'],
  ])('%d → %s', (value, text) => {
    expect(formatCount(value)).toBe(text);
  });

  it('writes a time as hours, minutes and seconds of the local clock', () => {
    expect(formatClockTime(new Date(2026, 0, 2, 9, 5, 7).getTime())).toBe('09:05:07');
  });
});
