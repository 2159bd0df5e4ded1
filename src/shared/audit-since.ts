// "Since when" for the audit log: an ISO time (2026-12-02T09:00:00Z, 2026-12-02) or a span back from now (90s, 30m, 1h, 2d, 1w).

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const SPAN = /^(\d+)\s*([smhdw])$/;
/** A date, with an optional time: what Date.parse reads the same everywhere. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const SINCE_HELP = 'an ISO time (2026-12-02T09:00:00Z) or a span back from now: 90s, 30m, 1h, 2d, 1w';

/** The moment `value` names, or undefined when it names none. */
export function parseSince(value: string, now: Date): Date | undefined {
  const text = value.trim();
  const span = SPAN.exec(text);
  if (span) return new Date(now.getTime() - Number(span[1]) * UNIT_MS[span[2]!]!);
  if (!ISO_TIME.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}
