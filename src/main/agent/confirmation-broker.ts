// Dangerous tool calls waiting on a person: held in main so any window or the CLI can see and answer them; unanswered ones expire denied.
import { randomUUID } from 'node:crypto';
import type { AlwaysAllowOption, AlwaysAllowRule, ApprovalModeName, ApprovalSurface, ConfirmationDecision, FileChange, PendingConfirmation } from '../../shared';
import { Emitter, type Disposable, type Event } from '../base';
import type { AnswerDetails, ConfirmationBroker, Grant } from './contracts';

export const DEFAULT_CONFIRMATION_TIMEOUT_MS = 5 * 60 * 1000;

export interface ConfirmationRequest {
  conversationId: string;
  toolCall: { id: string; name: string; arguments: unknown };
  /** What will happen, in words a person can judge: `shell: rm -rf build` */
  description: string;
  /** For a file write: what it changes in the current file (the approval shows it). */
  fileChange?: FileChange;
  /** Why a person is asked, in a sentence. */
  askedBecause?: string;
  /** The "always allow" scopes offered, narrowest first. */
  alwaysAllowOptions?: AlwaysAllowOption[];
  /** Whether an allow rule given now ("always allow" on another call) would allow this call too. */
  coveredBy?: (rule: AlwaysAllowRule) => Promise<boolean>;
  /** Aborting (the turn was cancelled) denies the request and withdraws it. */
  signal?: AbortSignal;
}

/**
 * Why a confirmation ended: a person answered, "always allow" given on another call covers it, nobody answered in
 * time, the turn was cancelled, or main shut down.
 */
export type ConfirmationEndReason = 'answered' | 'covered' | 'expired' | 'cancelled' | 'disposed';

export interface ConfirmationOutcome {
  decision: ConfirmationDecision;
  reason: ConfirmationEndReason;
  /** Where the person answered (answered and covered). */
  surface?: ApprovalSurface;
  /** The "always allow" chosen (answered), or the one that covers this call (covered). */
  grant?: Grant;
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
  coveredBy?: (rule: AlwaysAllowRule) => Promise<boolean>;
  settle(outcome: ConfirmationOutcome): void;
}

/** A conversation's approval mode changed (PUT /conversations/:id/approval-mode, /mode): a turn running there follows. */
export interface ModeChange {
  conversationId: string;
  mode: ApprovalModeName | undefined;
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
  private readonly grants = new Emitter<Grant>();
  /** "Always allow" was given: running turns add its rule (everywhere) or the conversation's turn does (conversation). */
  readonly onDidGrant: Event<Grant> = this.grants.event;
  private readonly modes = new Emitter<ModeChange>();
  readonly onDidChangeMode: Event<ModeChange> = this.modes.event;
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
      ...(request.askedBecause ? { asked_because: request.askedBecause } : {}),
      ...(request.alwaysAllowOptions ? { always_allow_options: request.alwaysAllowOptions } : {}),
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
      this.waiting.set(id, { confirmation, settle: finish, ...(request.coveredBy ? { coveredBy: request.coveredBy } : {}) });
      request.signal?.addEventListener('abort', onAbort, { once: true });
    });
    this.changed();
    return { confirmation, outcome };
  }

  pending(): PendingConfirmation[] {
    return [...this.waiting.values()].map((waiting) => waiting.confirmation);
  }

  answer(confirmationId: string, decision: ConfirmationDecision, details: AnswerDetails = {}): boolean {
    const waiting = this.waiting.get(confirmationId);
    if (!waiting) return false;
    waiting.settle({ decision, reason: 'answered', ...details });
    if (details.grant) this.grants.fire(details.grant);
    return true;
  }

  /**
   * After "always allow": allows the calls still waiting that the new rule covers — in every conversation when it
   * is kept everywhere, else in its own. Answers their ids.
   */
  async settleCovered(grant: Grant, surface: ApprovalSurface | undefined): Promise<string[]> {
    const settled: string[] = [];
    for (const waiting of [...this.waiting.values()]) {
      if (grant.where === 'conversation' && waiting.confirmation.conversation_id !== grant.conversationId) continue;
      if (!waiting.coveredBy || !(await waiting.coveredBy(grant.rule).catch(() => false))) continue;
      if (this.waiting.get(waiting.confirmation.confirmation_id) !== waiting) continue;
      waiting.settle({ decision: 'allow_once', reason: 'covered', grant, ...(surface ? { surface } : {}) });
      settled.push(waiting.confirmation.confirmation_id);
    }
    return settled;
  }

  /** Tells a turn running in the conversation that its approval mode changed (undefined: back to the default). */
  changeMode(conversationId: string, mode: ApprovalModeName | undefined): void {
    this.modes.fire({ conversationId, mode });
  }


  /** Denies everything still waiting and clears its timers; later requests are denied at once. */
  dispose(): void {
    this.disposed = true;
    for (const waiting of [...this.waiting.values()]) waiting.settle({ decision: 'deny', reason: 'disposed' });
    this.changes.dispose();
    this.grants.dispose();
    this.modes.dispose();
  }

  private changed(): void {
    this.changes.fire();
  }
}
