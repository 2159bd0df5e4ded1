// How the dashboard writes numbers and times: short, with their units, and "—" for what is not known yet.
import { formatDuration } from '../../../../../shared/format';

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return formatDuration(ms);
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

export function formatTokensPerSecond(value: number | null | undefined): string {
  if (value === null || value === undefined || value === 0) return '—';
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} tok/s`;
}

/** Seconds left until `until`, as `in 12 s` / `in 2 min 5 s`; `now` once it has passed. */
export function formatCountdown(until: string, now: number): string {
  const seconds = Math.ceil((Date.parse(until) - now) / 1000);
  if (!Number.isFinite(seconds)) return '—';
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds} s`;
  return `in ${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** How long ago `at` was: `just now`, `8 s ago`, `3 min ago`, `2 h ago`. */
export function formatAgo(at: string | null, now: number): string {
  if (at === null) return 'never';
  const seconds = Math.round((now - Date.parse(at)) / 1000);
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

export const TIER_NAMES = ['fast', 'balanced', 'powerful'] as const;

export function tierLabel(tier: number): string {
  return `Tier ${tier} · ${TIER_NAMES[tier] ?? 'unknown'}`;
}
