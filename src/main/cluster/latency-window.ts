// The last N measurements of something (a node's latency), in a fixed ring: average and percentiles without growing memory.
import type { LatencySummary } from '../../shared';

export class LatencyWindow {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;

  constructor(readonly capacity = 512) {
    this.samples = new Float64Array(Math.max(1, Math.floor(capacity)));
  }

  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this.samples[this.next] = value;
    this.next = (this.next + 1) % this.samples.length;
    if (this.count < this.samples.length) this.count += 1;
  }

  get size(): number {
    return this.count;
  }

  /** Nearest-rank percentile (0–100) of what the window holds; undefined when empty. */
  percentile(percent: number): number | undefined {
    if (this.count === 0) return undefined;
    const sorted = this.samples.slice(0, this.count).sort();
    return nearestRank(sorted, percent);
  }

  summary(): LatencySummary {
    if (this.count === 0) return { average: null, p50: null, p95: null };
    const sorted = this.samples.slice(0, this.count).sort();
    let total = 0;
    for (const value of sorted) total += value;
    return { average: round(total / this.count), p50: round(nearestRank(sorted, 50)), p95: round(nearestRank(sorted, 95)) };
  }
}

function nearestRank(sorted: Float64Array, percent: number): number {
  const rank = Math.ceil((Math.min(100, Math.max(0, percent)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)]!;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
