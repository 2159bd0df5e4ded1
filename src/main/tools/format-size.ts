// Byte counts as a person reads them: 512 bytes, 1.2 KB, 4.8 MB.
const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit: string = UNITS[0];
  for (const next of UNITS) {
    value /= 1024;
    unit = next;
    if (value < 1024) break;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}
