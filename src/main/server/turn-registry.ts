// The turns running right now, by conversation: so POST /conversations/:id/cancel and server shutdown can stop them,
// and GET /conversations/:id/events can follow one (its events so far are kept while it runs).
import type { AgentEvent } from '../../shared';
import { TurnEventLog } from './turn-event-log';

export interface RunningTurn {
  /** Aborted when the request's own signal aborts, or the turn is cancelled here. */
  readonly signal: AbortSignal;
  /** Files the turn under its conversation once the id is known (a new conversation's id arrives with its events). */
  attach(conversationId: string): void;
  /** Keeps an event for readers that join late (followEvents). */
  record(event: AgentEvent): void;
  /** Someone follows it through GET /conversations/:id/events now. */
  isFollowed(): boolean;
  /** Forget the turn: it ended. */
  end(): void;
}

export class TurnRegistry {
  private readonly running = new Set<AbortController>();
  private readonly byConversation = new Map<string, Set<AbortController>>();
  private readonly endings = new Map<AbortController, Promise<void>>();
  private readonly logs = new Map<AbortController, TurnEventLog>();

  begin(requestSignal: AbortSignal, conversationId?: string): RunningTurn {
    const controller = new AbortController();
    const forward = () => controller.abort(requestSignal.reason);
    if (requestSignal.aborted) forward();
    else requestSignal.addEventListener('abort', forward, { once: true });
    this.running.add(controller);
    let ended!: () => void;
    this.endings.set(controller, new Promise<void>((resolve) => (ended = resolve)));
    const log = new TurnEventLog();
    this.logs.set(controller, log);
    const conversations = new Set<string>();
    const attach = (id: string) => {
      if (conversations.has(id)) return;
      conversations.add(id);
      const turns = this.byConversation.get(id) ?? new Set<AbortController>();
      turns.add(controller);
      this.byConversation.set(id, turns);
    };
    if (conversationId) attach(conversationId);
    return {
      signal: controller.signal,
      attach,
      record: (event) => log.record(event),
      isFollowed: () => log.isFollowed,
      end: () => {
        requestSignal.removeEventListener('abort', forward);
        this.running.delete(controller);
        this.endings.delete(controller);
        this.logs.delete(controller);
        log.close();
        ended();
        for (const id of conversations) {
          const turns = this.byConversation.get(id);
          turns?.delete(controller);
          if (turns?.size === 0) this.byConversation.delete(id);
        }
      },
    };
  }

  isRunning(conversationId: string): boolean {
    return this.byConversation.has(conversationId);
  }

  /**
   * The events of the turn running in that conversation (its latest, if several): those so far, then live, ending
   * with the turn or when `signal` aborts. Undefined when nothing runs there.
   */
  followEvents(conversationId: string, signal: AbortSignal): AsyncGenerator<AgentEvent, void, undefined> | undefined {
    const latest = [...(this.byConversation.get(conversationId) ?? [])].at(-1);
    const log = latest && this.logs.get(latest);
    return log?.follow(signal);
  }

  /** True when a turn was running in that conversation and is now told to stop. */
  cancel(conversationId: string): boolean {
    const turns = this.byConversation.get(conversationId);
    if (!turns || turns.size === 0) return false;
    for (const controller of turns) controller.abort(new Error(`cancelled by request (conversation ${conversationId})`));
    return true;
  }

  /** Resolves when every turn now running in that conversation has ended. */
  async settled(conversationId: string): Promise<void> {
    const turns = [...(this.byConversation.get(conversationId) ?? [])];
    await Promise.all(turns.map((controller) => this.endings.get(controller)));
  }

  /** Resolves when every turn now running has ended (its conversation saved). */
  async allEnded(): Promise<void> {
    await Promise.all(this.endings.values());
  }

  cancelAll(reason = 'the server is shutting down'): void {
    for (const controller of this.running) controller.abort(new Error(reason));
  }

  get size(): number {
    return this.running.size;
  }
}
