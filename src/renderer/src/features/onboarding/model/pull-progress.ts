// A model pull's progress from Ollama's lines: bytes done of the whole (every layer), speed and time left.
import type { ModelPullEvent } from '../../../../../shared/api-schemas';

type Progress = Extract<ModelPullEvent, { type: 'progress' }>;

export interface PullProgress {
  status: string;
  completedBytes: number;
  /** 0 until Ollama has named a layer with its size. */
  totalBytes: number;
  /** Bytes a second over the recent window; undefined until two readings apart in time. */
  bytesPerSecond: number | undefined;
  secondsLeft: number | undefined;
  /** When the first byte count arrived (ms, the caller's clock). */
  samples: { at: number; bytes: number }[];
  layers: Record<string, { total: number; completed: number }>;
}

/** Speed is measured over this much of the most recent history, so it follows the network as it changes. */
const WINDOW_MS = 5000;

export const initialPullProgress: PullProgress = { status: 'starting', completedBytes: 0, totalBytes: 0, bytesPerSecond: undefined, secondsLeft: undefined, samples: [], layers: {} };

/** Folds one progress event in; `now` in ms (injected, so tests need no clock). */
export function nextPullProgress(previous: PullProgress, event: Progress, now: number): PullProgress {
  const layers = { ...previous.layers };
  if (event.digest && event.total !== undefined) layers[event.digest] = { total: event.total, completed: event.completed ?? layers[event.digest]?.completed ?? 0 };
  const totalBytes = Object.values(layers).reduce((sum, layer) => sum + layer.total, 0);
  const completedBytes = Object.values(layers).reduce((sum, layer) => sum + Math.min(layer.completed, layer.total), 0);
  const samples = [...previous.samples, { at: now, bytes: completedBytes }].filter((sample) => now - sample.at <= WINDOW_MS);
  const oldest = samples[0]!;
  const elapsed = (now - oldest.at) / 1000;
  const bytesPerSecond = elapsed > 0 ? Math.max(0, completedBytes - oldest.bytes) / elapsed : previous.bytesPerSecond;
  const secondsLeft = bytesPerSecond && bytesPerSecond > 0 && totalBytes > 0 ? Math.max(0, totalBytes - completedBytes) / bytesPerSecond : undefined;
  return { status: event.status, completedBytes, totalBytes, bytesPerSecond, secondsLeft, samples, layers };
}

