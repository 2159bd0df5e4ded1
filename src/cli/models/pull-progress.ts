// Pull progress as a person reads it: per layer (short digest) bytes done/total, percent and speed, as a bar or a line.
import type { PullProgress } from '../../main/llm';
import { formatBytes, formatSpeed } from '../../shared/format';

/** One layer's download, as far as it has got. */
export interface LayerProgress {
  /** The first 12 hex digits of the layer's digest, as Ollama shows it. */
  digest: string;
  completed: number;
  total: number;
  /** Undefined until enough time has passed to tell. */
  bytesPerSecond?: number;
}

export type PullView = { kind: 'status'; status: string } | { kind: 'layer'; layer: LayerProgress };

interface Sample {
  at: number;
  completed: number;
}

/** `sha256:6a0746a1ec1a…` → `6a0746a1ec1a`. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256[:-]/, '').slice(0, 12);
}

export function percentOf(layer: Pick<LayerProgress, 'completed' | 'total'>): number {
  if (layer.total <= 0) return 0;
  return Math.min(100, Math.floor((layer.completed / layer.total) * 100));
}

/** Turns Ollama's progress lines into views, measuring each layer's speed over the last few seconds. */
export class PullProgressTracker {
  private readonly samples = new Map<string, Sample[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = 5000,
    /** Below this much elapsed time a speed would be noise. */
    private readonly minimumSpanMs = 500,
  ) {}

  update(progress: PullProgress): PullView {
    if (!progress.digest || progress.total === undefined || progress.total <= 0) return { kind: 'status', status: progress.status };
    const digest = shortDigest(progress.digest);
    const completed = progress.completed ?? 0;
    const at = this.now();
    const samples = this.samples.get(digest) ?? [];
    samples.push({ at, completed });
    while (samples.length > 2 && at - samples[0]!.at > this.windowMs) samples.shift();
    this.samples.set(digest, samples);
    const first = samples[0]!;
    const span = at - first.at;
    const layer: LayerProgress = { digest, completed, total: progress.total };
    if (span >= this.minimumSpanMs && completed >= first.completed) layer.bytesPerSecond = ((completed - first.completed) * 1000) / span;
    return { kind: 'layer', layer };
  }
}

/** `pulling 6a0746a1ec1a: 2.3 GB / 4.7 GB (50%) 35 MB/s`, for logs and pipes. */
export function formatLayerLine(layer: LayerProgress): string {
  const speed = layer.bytesPerSecond === undefined ? '' : ` ${formatSpeed(layer.bytesPerSecond)}`;
  return `pulling ${layer.digest}: ${formatBytes(layer.completed)} / ${formatBytes(layer.total)} (${percentOf(layer)}%)${speed}`;
}

/** `pulling 6a0746a1ec1a [█████░░░░░]  50%  2.3 GB / 4.7 GB  35 MB/s`, fitted to `columns`. */
export function formatLayerBar(layer: LayerProgress, columns: number): string {
  const percent = percentOf(layer);
  const label = `pulling ${layer.digest}`;
  const figures = `${String(percent).padStart(3)}%  ${formatBytes(layer.completed)} / ${formatBytes(layer.total)}${
    layer.bytesPerSecond === undefined ? '' : `  ${formatSpeed(layer.bytesPerSecond)}`
  }`;
  // Two spaces around the bar and its brackets; the bar shrinks first, and goes when the terminal is too narrow.
  const barWidth = Math.min(30, columns - label.length - figures.length - 6);
  if (barWidth < 5) return `${label}  ${figures}`.slice(0, Math.max(0, columns - 1));
  const filled = Math.round((percent / 100) * barWidth);
  return `${label} [${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}] ${figures}`;
}
