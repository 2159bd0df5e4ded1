// Reads Server-Sent Events off a real socket one by one (node:http, no pooling), so tests see each event as it arrives.
import { request, type IncomingMessage } from 'node:http';
import { serverSentEventFeed } from '../../src/shared/server-sent-events';

export interface SseEvent {
  event: string;
  data: unknown;
}

export class SseReader {
  private readonly events: SseEvent[] = [];
  private readonly parser = serverSentEventFeed(({ event, data }) => this.events.push({ event, data: JSON.parse(data) as unknown }));
  private waiting: (() => void) | undefined;
  private ended = false;

  private constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.parser.feed(chunk);
      this.wake();
    });
    const finish = () => {
      this.ended = true;
      this.wake();
    };
    response.on('end', finish);
    response.on('close', finish);
    response.on('error', finish);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  /** POSTs `body` as JSON and resolves once the response headers arrived. */
  static open(url: string, body: unknown, headers: Record<string, string> = {}): Promise<SseReader> {
    return new Promise((resolve, reject) => {
      const outgoing = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (response) =>
        resolve(new SseReader(response)),
      );
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify(body));
    });
  }

  get status(): number | undefined {
    return this.response.statusCode;
  }

  /** The next event, or undefined when the stream ended first. */
  async next(): Promise<SseEvent | undefined> {
    while (this.events.length === 0 && !this.ended) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    return this.events.shift();
  }

  /** Reads events until one named `name` (returned), or the end (undefined). */
  async until(name: string): Promise<SseEvent | undefined> {
    for (let event = await this.next(); event; event = await this.next()) if (event.event === name) return event;
    return undefined;
  }

  async rest(): Promise<SseEvent[]> {
    const events: SseEvent[] = [];
    for (let event = await this.next(); event; event = await this.next()) events.push(event);
    return events;
  }

  /** Hangs up, as a client closing the tab would. */
  close(): void {
    this.response.destroy();
  }
}
