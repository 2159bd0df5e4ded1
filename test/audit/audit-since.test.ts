// `--since` / `?since=`: a span back from now or an ISO time; anything else names no moment.
import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/shared/audit-since';

const now = new Date('2026-12-02T12:00:00.000Z');

describe('parseSince', () => {
  it.each([
    ['90s', '2026-12-02T11:58:30.000Z'],
    ['30m', '2026-12-02T11:30:00.000Z'],
    ['1h', '2026-12-02T11:00:00.000Z'],
    ['2d', '2026-11-30T12:00:00.000Z'],
    ['1w', '2026-11-25T12:00:00.000Z'],
    ['2026-12-02T09:15:00Z', '2026-12-02T09:15:00.000Z'],
    ['2026-12-02T09:15:00.250+01:00', '2026-12-02T08:15:00.250Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
  ])('%s is %s', (value, expected) => {
    expect(parseSince(value, now)?.toISOString()).toBe(expected);
  });

  it.each(['', 'yesterday', '1', '1y', '-1h', '1.5h', 'December', '2026-13-45'])('%j names no moment', (value) => {
    expect(parseSince(value, now)).toBeUndefined();
  });
});
