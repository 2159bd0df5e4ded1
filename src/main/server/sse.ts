// Server-Sent Events: each typed event is written (and flushed) the moment it exists; `event:` is its `type`.
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';

export interface TypedEvent {
  type: string;
}

/** Refuses a name that could end the `event:` line early and forge another field. */
export function assertEventName(name: string): void {
  if (/[\r\n]/.test(name)) throw new Error(`An SSE event name must not contain CR or LF: ${JSON.stringify(name)}`);
}

/** `event: <type>` + `data: <JSON>`; JSON.stringify never emits a raw newline, so the data is one line. */
export async function writeEvent(stream: SSEStreamingApi, event: TypedEvent): Promise<void> {
  assertEventName(event.type);
  await stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
}

export interface EventStreamOptions<Event extends TypedEvent> {
  /** Called once when the client goes away (closes the connection) before the events end. */
  onClientGone: () => void;
  /** The event that tells the client why the stream broke off, for an iterator that throws. */
  failureEvent: (error: unknown) => Event;
  /** A comment line this often keeps proxies from closing an idle stream (waiting on a confirmation). */
  keepAliveMs?: number;
}

export function eventStreamResponse<Event extends TypedEvent>(
  c: Context,
  events: AsyncIterable<Event>,
  options: EventStreamOptions<Event>,
): Response {
  // A buffering reverse proxy (nginx) would hold the tokens back; this asks it not to.
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    stream.onAbort(options.onClientGone);
    const keepAlive = setInterval(() => {
      void stream.write(': keep-alive\n\n');
    }, options.keepAliveMs ?? 15_000);
    try {
      await pump(events, stream, options);
    } finally {
      clearInterval(keepAlive);
    }
  });
}

function formatEvent(event: TypedEvent): string {
  assertEventName(event.type);
  // JSON.stringify never emits a raw newline, so the data is one line.
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Events waiting to be written before the producer pauses (a slow client holds the model back, not memory). */
const HIGH_WATER_MARK = 256;

/**
 * Reads events as they come and writes them as they can be written: one write per event while the client keeps
 * up, and every event that arrived meanwhile in one write when it does not (a fast model, a slow socket). Nothing
 * waits for company — an event alone is written at once.
 */
async function pump<Event extends TypedEvent>(events: AsyncIterable<Event>, stream: SSEStreamingApi, options: EventStreamOptions<Event>): Promise<void> {
  const queue: string[] = [];
  let ended = false;
  let wakeWriter: (() => void) | undefined;
  let wakeReader: (() => void) | undefined;
  const reader = (async () => {
    try {
      for await (const event of events) {
        if (stream.aborted) break;
        queue.push(formatEvent(event));
        wakeWriter?.();
        if (queue.length >= HIGH_WATER_MARK) await new Promise<void>((resolve) => (wakeReader = resolve));
      }
    } catch (error) {
      if (!stream.aborted) queue.push(formatEvent(options.failureEvent(error)));
    } finally {
      ended = true;
      wakeWriter?.();
    }
  })();
  while (!stream.aborted) {
    if (queue.length === 0) {
      if (ended) break;
      await new Promise<void>((resolve) => (wakeWriter = resolve));
      wakeWriter = undefined;
      continue;
    }
    const batch = queue.splice(0).join('');
    wakeReader?.();
    wakeReader = undefined;
    await stream.write(batch);
  }
  wakeReader?.();
  await reader;
}
