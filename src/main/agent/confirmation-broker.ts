// Dangerous tool calls waiting on a person: held in main so any window or the CLI can see and answer them; unanswered ones expire denied.
import { randomUUID } from 'node:crypto';
import type { ConfirmationDecision, FileChange, PendingConfirmation } from '../../shared';
import { Emitter, type Disposable, type Event } from '../base';
import type { ConfirmationBroker } from './contracts';

export const DEFAULT_CONFIRMATION_TIMEOUT_MS = 5 * 60 * 1000;

export interface ConfirmationRequest {
  conversationId: string;
  toolCall: { id: string; name: string; arguments: unknown };
  /** What will happen, in words a person can judge: `shell: rm -rf build` */
  description: string;
  /** For a file write: what it changes in the current file (the approval shows it). */
  fileChange?: FileChange;
  /** Aborting (the turn was cancelled) denies the request and withdraws it. */
  signal?: AbortSignal;
}

/** Why a confirmation ended: a person answered, nobody answered in time, the turn was cancelled, or main shut down. */
export type ConfirmationEndReason = 'answered' | 'expired' | 'cancelled' | 'disposed';

export interface ConfirmationOutcome {
  decision: ConfirmationDecision;
  reason: ConfirmationEndReason;
}

/** What request() hands back at once, so the caller can announce the confirmation before it waits for the outcome. */
export interface ConfirmationTicket {
  confirmation: PendingConfirmation;
  outcome: Promise<ConfirmationOutcome>;
}

export interface ConfirmationTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ConfirmationBrokerOptions {
  timeoutMs?: number;
  clock?: () => Date;
  timers?: ConfirmationTimers;
  ids?: () => string;
  logger?: { warn(message: string): void };
}

interface Waiting {
  confirmation: PendingConfirmation;
  settle(outcome: ConfirmationOutcome): void;
}

/** Looks the globals up at call time, so vitest's fake timers apply to a broker built before they were installed. */
const globalTimers: ConfirmationTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ConfirmationBrokerImpl implements ConfirmationBroker, Disposable {
  readonly timeoutMs: number;
  private readonly clock: () => Date;
  private readonly timers: ConfirmationTimers;
  private readonly ids: () => string;
  private readonly logger: { warn(message: string): void };
  private readonly waiting = new Map<string, Waiting>();
  private readonly changes: Emitter<void>;
  /** The pending confirmations changed: one was asked, answered, expired or cancelled. */
  readonly onDidChange: Event<void>;
  private disposed = false;

  constructor(options: ConfirmationBrokerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CONFIRMATION_TIMEOUT_MS;
    this.clock = options.clock ?? (() => new Date());
    this.timers = options.timers ?? globalTimers;
    this.ids = options.ids ?? (() => randomUUID());
    this.logger = options.logger ?? { warn: (message) => console.warn(message) };
    this.changes = new Emitter<void>({
      onListenerError: (error) => this.logger.warn(`A confirmation listener failed: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.onDidChange = this.changes.event;
  }

  request(request: ConfirmationRequest): ConfirmationTicket {
    const created = this.clock();
    const confirmation: PendingConfirmation = {
      confirmation_id: this.ids(),
      conversation_id: request.conversationId,
      tool_call: request.toolCall,
      description: request.description,
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + this.timeoutMs).toISOString(),
      ...(request.fileChange ? { file_change: request.fileChange } : {}),
    };
    if (this.disposed) return { confirmation, outcome: Promise.resolve({ decision: 'deny', reason: 'disposed' }) };
    if (request.signal?.aborted) return { confirmation, outcome: Promise.resolve({ decision: 'deny', reason: 'cancelled' }) };

    const id = confirmation.confirmation_id;
    const outcome = new Promise<ConfirmationOutcome>((resolve) => {
      const onAbort = () => finish({ decision: 'deny', reason: 'cancelled' });
      const timer = this.timers.setTimeout(() => finish({ decision: 'deny', reason: 'expired' }), this.timeoutMs);
      const finish = (result: ConfirmationOutcome) => {
        if (this.waiting.get(id)?.settle !== finish) return;
        this.waiting.delete(id);
        this.timers.clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        resolve(result);
        this.changed();
      };
      this.waiting.set(id, { confirmation, settle: finish });
      request.signal?.addEventListener('abort', onAbort, { once: true });
    });
    this.changed();
    return { confirmation, outcome };
  }

  pending(): PendingConfirmation[] {
    return [...this.waiting.values()].map((waiting) => waiting.confirmation);
  }

  answer(confirmationId: string, decision: ConfirmationDecision): boolean {
    const waiting = this.waiting.get(confirmationId);
    if (!waiting) return false;
    waiting.settle({ decision, reason: 'answered' });
    return true;
  }


  /** Denies everything still waiting and clears its timers; later requests are denied at once. */
  dispose(): void {
    this.disposed = true;
    for (const waiting of [...this.waiting.values()]) waiting.settle({ decision: 'deny', reason: 'disposed' });
    this.changes.dispose();
  }

  private changed(): void {
    this.changes.fire();
  }
}
