// How harombe writes sizes, durations, times and counts for a person, the same in the CLI, the server and the window.
// Sizes are decimal (1 KB = 1000 bytes), as Ollama and ollama.com write a model's size, so `harombe models list`,
// a pull's progress and a tool's output give the figure `ollama list` gives for the same bytes.

const SIZE_UNITS = ['KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** A figure under 10 with one decimal (dropped when it is .0), otherwise whole: `4.7`, `1`, `35`, `350`. */
function figure(value: number): string {
  const tenths = Math.round(value * 10) / 10;
  return tenths < 10 ? String(tenths) : String(Math.round(value));
}

/** `0 bytes`, `1 byte`, `999 bytes`, `1 KB`, `1.5 KB`, `350 MB`, `4.7 GB`. */
export function formatBytes(bytes: number): string {
  const count = Number.isFinite(bytes) ? Math.max(0, Math.round(bytes)) : 0;
  if (count < 1000) return count === 1 ? '1 byte' : `${count} bytes`;
  let value = count;
  let unit = 0;
  value /= 1000;
  // Rounding may carry into the next unit: 999,960 bytes is `1 MB`, not `1000 KB`.
  while (unit < SIZE_UNITS.length - 1 && Math.round(value) >= 1000) {
    value /= 1000;
    unit += 1;
  }
  return `${figure(value)} ${SIZE_UNITS[unit]}`;
}

/** `35 MB/s`. */
export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** `250 ms`, `1.5 s`, `12.5 s`, `2 min 5 s`, `1 h 7 min`: seconds keep a tenth, minutes round to the second, hours to the minute. */
export function formatDuration(ms: number): string {
  const whole = Math.max(0, ms);
  if (Math.round(whole) < 1000) return `${Math.round(whole)} ms`;
  const tenths = Math.round(whole / 100) / 10;
  if (tenths < 60) return `${tenths} s`;
  const totalSeconds = Math.round(whole / 1000);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  // An hour or more (a download's time left): the seconds no longer matter.
  const totalMinutes = Math.round(totalSeconds / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** `14:02:10`, in the machine's time zone: when a person will see something happen. */
export function formatClockTime(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Made once, on first need: toLocaleString builds a formatter on every call (tens of µs, on every routing decision),
 * and making one at start-up would load ICU's locale data (megabytes) into a server that may never format a count.
 */
let countFormat: Intl.NumberFormat | undefined;

/** `1,240`. */
export function formatCount(value: number): string {
  const rounded = Math.round(value);
  if (rounded < 1000 && rounded > -1000) return String(rounded);
  countFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  return countFormat.format(rounded);
}
