// How a request moves between nodes, for the agent's executor and the /v1 relay alike: how many nodes it tries, how
// long one may stay silent, and the pause before the next. One policy, so the two surfaces cannot drift apart again.
import { countsAgainstNode } from './circuit-breaker';
import { backoffDelay, sleep, systemTimers, type Timers } from './timers';

/** What a node answers when the request is at fault (malformed, too large, unprocessable): every node would say it. */
const REQUEST_FAULT_STATUSES = new Set([400, 413, 422]);

/** The HTTP status a node answered, found on the error or what caused it (the SDK's error, the relay's ApiError). */
function answeredStatus(error: unknown): number | undefined {
  const seen = new Set<unknown>();
  for (let link = error; typeof link === 'object' && link !== null && !seen.has(link); link = (link as { cause?: unknown }).cause) {
    seen.add(link);
    const status = (link as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status <= 599) return status;
  }
  return undefined;
}

/**
 * Whether a node's failure before answering sends the request to the next node, and counts against this one: a
 * failure of the node (down, erroring, lacking the model, refusing our key, busy, any other 4xx or 5xx), not one of
 * the request (400, 413, 422) or of harombe. One rule for both surfaces, whichever client read the answer.
 */
export function failsOver(error: unknown): boolean {
  const status = answeredStatus(error);
  if (status !== undefined && REQUEST_FAULT_STATUSES.has(status)) return false;
  if (status !== undefined) return true;
  return countsAgainstNode(error);
}

export interface FailoverPolicyOptions {
  /** Nodes tried for one request, the first included. Default 3. */
  maxAttempts?: number;
  /** How long one node may take to send anything before the next is tried. Default 60 s. */
  firstTokenTimeoutMs?: number;
  /** Pause before trying the next node, doubling (with jitter). Default 250 ms, at most 2 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  timers?: Timers;
  random?: () => number;
}

export class FailoverPolicy {
  readonly maxAttempts: number;
  readonly firstTokenTimeoutMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly timers: Timers;
  private readonly random: () => number;

  constructor(options: FailoverPolicyOptions = {}) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
    this.firstTokenTimeoutMs = options.firstTokenTimeoutMs ?? 60_000;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 2_000;
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
  }

  /**
   * Waits before the next node when `reached` nodes already failed after being asked (a node its circuit refused
   * was never asked: no pause for it). Rejects with the signal's reason when it aborts meanwhile.
   */
  pauseBeforeNext(reached: number, signal?: AbortSignal): Promise<void> {
    if (reached === 0) return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
    const delay = backoffDelay(reached, { baseMs: this.retryBaseMs, maxMs: this.retryMaxMs, random: this.random });
    return sleep(delay, this.timers, signal);
  }
}
