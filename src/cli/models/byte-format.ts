// Byte counts and speeds in decimal units, as Ollama prints them: 4.7 GB, 35 MB/s.
const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let value = bytes;
  let unit: string = UNITS[0];
  for (const next of UNITS) {
    value /= 1000;
    unit = next;
    if (value < 1000) break;
  }
  return `${value < 100 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Whole gigabytes with one decimal, for the models table: `4.7 GB`, `0.4 GB`. */
export function formatGigabytes(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}
