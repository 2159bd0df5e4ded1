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
      for await (const event of events) {
        if (stream.aborted) break;
        await writeEvent(stream, event);
      }
    } catch (error) {
      if (!stream.aborted) await writeEvent(stream, options.failureEvent(error));
    } finally {
      clearInterval(keepAlive);
    }
  });
}
