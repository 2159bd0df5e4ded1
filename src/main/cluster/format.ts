// How cluster messages write times, durations and counts for a person: `14:02:10`, `1.5 s`, `1,240`.

/** `250 ms`, `1.5 s`, `2 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const seconds = ms / 1000;
    return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
  }
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
}

/** `14:02:10`, in the machine's time zone: when a person will see something happen. */
export function formatClockTime(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `1,240` */
/**
 * Made once, on first need: toLocaleString builds a formatter on every call (tens of µs, on every routing decision),
 * and making one at start-up would load ICU's locale data (megabytes) into a server that may never format a count.
 */
let countFormat: Intl.NumberFormat | undefined;

export function formatCount(value: number): string {
  const rounded = Math.round(value);
  if (rounded < 1000 && rounded > -1000) return String(rounded);
  countFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return countFormat.format(rounded);
}
