// A running turn's events, kept while it runs so a client that came late (a reloaded window) can read them all and then follow live.
import type { AgentEvent } from '../../shared';
import { Emitter, toPromise } from '../base';

export class TurnEventLog {
  private readonly events: AgentEvent[] = [];
  /** Something changed for followers: an event was recorded, the turn ended, or a reader left. */
  private readonly changes = new Emitter<void>();
  private closed = false;
  private followers = 0;

  /** Adjacent tokens are kept as one: a late reader gets the text so far in one event, not thousands. */
  record(event: AgentEvent): void {
    if (this.closed) return;
    const last = this.events.at(-1);
    if (event.type === 'token' && last?.type === 'token') this.events[this.events.length - 1] = { type: 'token', text: last.text + event.text };
    else this.events.push(event);
    this.wake();
  }

  /** The turn ended: followers get what is left and stop. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Someone reads the turn through follow() now. */
  get isFollowed(): boolean {
    return this.followers > 0;
  }

  /** Every event so far, then each new one as it comes, until the turn ends or `signal` aborts (the reader left). */
  async *follow(signal: AbortSignal): AsyncGenerator<AgentEvent, void, undefined> {
    // Read by position, and tokens merge into the last entry: a follower that has read the last entry must only see
    // what was added to it since, so it remembers how much of that token's text it already gave out.
    let next = 0;
    let givenOfLast = 0;
    const onAbort = () => this.wake();
    signal.addEventListener('abort', onAbort, { once: true });
    this.followers++;
    try {
      for (;;) {
        if (signal.aborted) return;
        const grown = this.events[next - 1];
        if (next > 0 && grown?.type === 'token' && grown.text.length > givenOfLast) {
          const text = grown.text.slice(givenOfLast);
          givenOfLast = grown.text.length;
          yield { type: 'token', text };
          continue;
        }
        if (next < this.events.length) {
          const event = this.events[next++]!;
          givenOfLast = event.type === 'token' ? event.text.length : 0;
          yield event;
          continue;
        }
        if (this.closed) return;
        await toPromise(this.changes.event);
      }
    } finally {
      this.followers--;
      signal.removeEventListener('abort', onAbort);
    }
  }

  private wake(): void {
    this.changes.fire();
  }
}
