// One node's circuit breaker (cockatiel): closed → open after N failures in a row → half-open after a cool-down → closed after M successes.
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState as CockatielState,
  ConsecutiveBreaker,
  handleWhen,
  IsolatedCircuitError,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import type { CircuitState, CircuitStatus } from '../../shared';
import { LlmError } from '../llm';
import { DisposableStore, Emitter, type Disposable, type Event } from '../base';
import { formatClockTime } from '../../shared/format';
import { isLocalFault } from './local-fault';

export interface CircuitBreakerOptions {
  /** Failed requests in a row that open the circuit. Default 5. */
  failureThreshold?: number;
  /** How long an open circuit keeps the node out before probing it again. Default 30 s. */
  halfOpenAfterMs?: number;
  /** Successful probe requests needed to close a half-open circuit. Default 2. */
  successThreshold?: number;
}

export interface CircuitChange {
  node: string;
  previous: CircuitState;
  status: CircuitStatus;
}

/** Thrown when the circuit refuses a request: the node is open (cooling down) or its probes are all taken. */
export class CircuitOpenError extends LlmError {
  constructor(
    readonly node: string,
    readonly openUntil: number | undefined,
  ) {
    super(
      'unreachable',
      openUntil === undefined
        ? `Node "${node}" is being probed after failures; it takes no other requests until the probe settles.`
        : `Node "${node}" is cut off after repeated failures until ${formatClockTime(openUntil)}.`,
      'Another node can answer; see `harombe cluster status` for why this one failed.',
    );
    this.name = 'CircuitOpenError';
  }
}

/**
 * Failures that say something about the node (refused or lost connection, timeout, 5xx, a broken or unreadable
 * answer), not about the request (the node's 400/413/422), the caller (hung up) or harombe (a request it could not build).
 */
export function countsAgainstNode(error: unknown): boolean {
  if (error instanceof CircuitOpenError) return false;
  if (error instanceof LlmError) {
    if (error.code === 'aborted' || error.code === 'bad_request') return false;
    // Already sorted by what the node did; a cause inside is how it was reported, not whose fault it was.
    if (error.code === 'unreachable' || error.code === 'timeout') return true;
  }
  return !isLocalFault(error);
}

const STATE_NAMES: Record<CockatielState, CircuitState> = {
  [CockatielState.Closed]: 'closed',
  [CockatielState.Open]: 'open',
  [CockatielState.HalfOpen]: 'half_open',
  [CockatielState.Isolated]: 'isolated',
};

/**
 * cockatiel decides the transitions; this adds what routing needs: when an open circuit will next be tried, and a
 * probe limit so a request that arrives while probes run fails over at once instead of queueing behind them.
 * cockatiel reads `Date.now()` for its cool-down, so `openUntil` and `allowsRequest(now)` use that clock too
 * (tests move it with vitest's fake timers).
 */
export class NodeCircuitBreaker {
  readonly failureThreshold: number;
  readonly halfOpenAfterMs: number;
  readonly successThreshold: number;
  private readonly policy: CircuitBreakerPolicy;
  private readonly counter: ConsecutiveBreaker;
  private readonly changes = new Emitter<CircuitChange>();
  private readonly subscriptions = new DisposableStore();
  /** The circuit opened, went half-open or closed. */
  readonly onDidChangeState: Event<CircuitChange> = this.changes.event;
  private current: CircuitState = 'closed';
  private openUntil_: number | undefined;
  private lastFailure_: string | undefined;
  /** Probe requests let through since the circuit last opened. */
  private probesStarted = 0;

  constructor(
    readonly node: string,
    options: CircuitBreakerOptions = {},
  ) {
    this.failureThreshold = Math.max(1, Math.floor(options.failureThreshold ?? 5));
    this.halfOpenAfterMs = Math.max(0, options.halfOpenAfterMs ?? 30_000);
    this.successThreshold = Math.max(1, Math.floor(options.successThreshold ?? 2));
    this.counter = new ConsecutiveBreaker(this.failureThreshold);
    this.policy = circuitBreaker(handleWhen(countsAgainstNode), {
      breaker: this.counter,
      halfOpenAfter: this.halfOpenAfterMs,
      // M successes to close: cockatiel samples M half-open calls and reopens on any failure among them.
      halfOpenSampling: { calls: this.successThreshold, threshold: 0 },
    });
    this.subscriptions.add(
      this.policy.onBreak((reason) => {
        this.lastFailure_ = 'error' in reason ? describeError(reason.error) : 'isolated by hand';
      }),
    );
    this.subscriptions.add(this.policy.onStateChange((state) => this.changed(STATE_NAMES[state])));
  }

  get state(): CircuitState {
    return this.current;
  }

  /** While open: when the node may be tried again (ms since the epoch). */
  get openUntil(): number | undefined {
    return this.current === 'open' ? this.openUntil_ : undefined;
  }

  /** Failures in a row so far (resets on a success). */
  get consecutiveFailures(): number {
    return this.counter.state;
  }

  get lastFailure(): string | undefined {
    return this.lastFailure_;
  }

  /** Would a request be let through now: closed, or a probe slot is free (open past its cool-down, or half-open). */
  allowsRequest(now: number = Date.now()): boolean {
    switch (this.current) {
      case 'closed':
        return true;
      case 'open':
        return now >= (this.openUntil_ ?? 0) && this.probesStarted < this.successThreshold;
      case 'half_open':
        return this.probesStarted < this.successThreshold;
      case 'isolated':
        return false;
    }
  }

  /**
   * Runs `action` through the breaker: its failure counts against the node (unless it is the caller's doing), its
   * success resets the count or, half-open, counts toward closing. Throws CircuitOpenError when refused.
   */
  async run<T>(action: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const now = Date.now();
    if (!this.allowsRequest(now)) throw new CircuitOpenError(this.node, this.openUntil);
    if (this.current !== 'closed') this.probesStarted += 1;
    try {
      return await this.policy.execute(({ signal: policySignal }) => action(policySignal), signal);
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        throw new CircuitOpenError(this.node, this.openUntil);
      }
      throw error;
    }
  }

  /** A failure seen outside run(): a node that breaks off in the middle of an answer still counts against it. */
  recordFailure(error: unknown): void {
    if (!countsAgainstNode(error)) return;
    this.policy
      .execute(() => Promise.reject(error instanceof Error ? error : new Error(String(error))))
      .catch(() => undefined);
  }

  /** Keeps the node out until released (a person disabling it, say). */
  isolate(): Disposable {
    return this.policy.isolate();
  }

  status(): CircuitStatus {
    const openUntil = this.openUntil;
    return {
      state: this.current,
      open_until: openUntil === undefined ? null : new Date(openUntil).toISOString(),
      consecutive_failures: this.consecutiveFailures,
      last_failure: this.lastFailure_ ?? null,
    };
  }

  dispose(): void {
    this.subscriptions.dispose();
    this.changes.dispose();
  }

  private changed(next: CircuitState): void {
    const previous = this.current;
    this.current = next;
    if (next === 'open') {
      this.openUntil_ = Date.now() + this.halfOpenAfterMs;
      this.probesStarted = 0;
    } else if (next === 'closed') {
      this.openUntil_ = undefined;
      this.probesStarted = 0;
    }
    if (previous !== next) this.changes.fire({ node: this.node, previous, status: this.status() });
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
