// Server-Sent Events: each typed event is written (and flushed) the moment it exists; `event:` is its `type`.
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { nodeResponseOf, type ServerEnv } from './server-env';
import { WebStreamOutput } from './web-stream-output';

export interface TypedEvent {
  type: string;
}

/** Refuses a name that could end the `event:` line early and forge another field. */
export function assertEventName(name: string): void {
  if (/[\r\n]/.test(name)) throw new Error(`An SSE event name must not contain CR or LF: ${JSON.stringify(name)}`);
}

export interface EventStreamOptions<Event extends TypedEvent> {
  /** Called once when the client goes away (closes the connection) before the events end. */
  onClientGone: () => void;
  /** The event that tells the client why the stream broke off, for an iterator that throws. */
  failureEvent: (error: unknown) => Event;
  /** A comment line this often keeps proxies from closing an idle stream (waiting on a confirmation). */
  keepAliveMs?: number;
}

/**
 * What the writer writes to: the node response (its part of `ServerResponse`), or in-process a `WebStreamOutput`
 * that behaves as one — so tests that call `app.request` run the writer production runs.
 */
export interface SseOutput {
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  writeHead(status: number, headers: Record<string, string>): void;
  flushHeaders(): void;
  /** False when the output is full: wait for `drain`. */
  write(text: string): boolean;
  end(): void;
  destroy(error?: Error): void;
  once(event: 'drain' | 'close', listener: () => void): void;
  off(event: 'drain' | 'close', listener: () => void): void;
}

/** Where the formatted events go, with backpressure as a promise. */
interface EventSink {
  readonly aborted: boolean;
  /** Resolves when the sink can take more (at once unless the client is slow). */
  write(text: string): Promise<unknown> | undefined;
}

/** How long the headers wait for the first event to go along with them. */
const HEADERS_ALONE_AFTER_MS = 50;

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // A buffering reverse proxy (nginx) would hold the tokens back; this asks it not to.
  'x-accel-buffering': 'no',
} as const;

/**
 * The events as an SSE response, by one writer (writeEvents). Served by @hono/node-server, it writes straight to the
 * node response (no web streams in between); in-process (`app.request`) to a WebStreamOutput, the Response's body.
 */
export function eventStreamResponse<Event extends TypedEvent>(
  c: Context<ServerEnv>,
  events: AsyncIterable<Event>,
  options: EventStreamOptions<Event>,
): Response {
  const outgoing = nodeResponseOf(c);
  const output = outgoing ?? new WebStreamOutput();
  // pump() turns a failing producer into an `error` event; anything else breaks the connection rather than the process.
  writeEvents(output, c.res.headers, events, options).catch((error: unknown) => output.destroy(error instanceof Error ? error : undefined));
  // Tells @hono/node-server the answer is already on its way.
  if (outgoing) return RESPONSE_ALREADY_SENT;
  // writeEvents wrote the head before its first await, so the status and headers are known here.
  const web = output as WebStreamOutput;
  return new Response(web.body, { status: web.status, headers: web.headers });
}

async function writeEvents<Event extends TypedEvent>(
  outgoing: SseOutput,
  middlewareHeaders: Headers,
  events: AsyncIterable<Event>,
  options: EventStreamOptions<Event>,
): Promise<void> {
  const headers: Record<string, string> = Object.fromEntries(middlewareHeaders);
  Object.assign(headers, SSE_HEADERS);
  let finished = false;
  const onClose = () => {
    if (!finished) options.onClientGone();
  };
  outgoing.once('close', onClose);
  outgoing.writeHead(200, headers);
  // The headers go out with the first event — one write, and one wake-up of the client, while the model is being
  // asked — or on their own after HEADERS_ALONE_AFTER_MS when the first event is a while coming (a model loading), so
  // the client still learns early that its stream is open.
  let wrote = false;
  const headersAlone = setTimeout(() => {
    if (!wrote && !outgoing.destroyed) outgoing.flushHeaders();
  }, HEADERS_ALONE_AFTER_MS);
  const sink: EventSink = {
    get aborted() {
      return outgoing.destroyed || outgoing.writableEnded;
    },
    write(text) {
      if (!wrote) clearTimeout(headersAlone);
      wrote = true;
      if (outgoing.write(text)) return undefined;
      return new Promise((resolve) => {
        const done = () => {
          outgoing.off('drain', done);
          outgoing.off('close', done);
          resolve(undefined);
        };
        outgoing.once('drain', done);
        outgoing.once('close', done);
      });
    },
  };
  try {
    await withKeepAlive(sink, options, () => pump(events, sink, options));
  } finally {
    clearTimeout(headersAlone);
    finished = true;
    outgoing.off('close', onClose);
    if (!outgoing.destroyed) outgoing.end();
  }
}

async function withKeepAlive(sink: EventSink, options: { keepAliveMs?: number }, work: () => Promise<void>): Promise<void> {
  const keepAlive = setInterval(() => {
    if (!sink.aborted) void sink.write(': keep-alive\n\n');
  }, options.keepAliveMs ?? 15_000);
  try {
    await work();
  } finally {
    clearInterval(keepAlive);
  }
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
async function pump<Event extends TypedEvent>(events: AsyncIterable<Event>, sink: EventSink, options: EventStreamOptions<Event>): Promise<void> {
  const queue: string[] = [];
  let ended = false;
  let wakeWriter: (() => void) | undefined;
  let wakeReader: (() => void) | undefined;
  const reader = (async () => {
    try {
      for await (const event of events) {
        if (sink.aborted) break;
        queue.push(formatEvent(event));
        wakeWriter?.();
        if (queue.length >= HIGH_WATER_MARK) await new Promise<void>((resolve) => (wakeReader = resolve));
      }
    } catch (error) {
      if (!sink.aborted) queue.push(formatEvent(options.failureEvent(error)));
    } finally {
      ended = true;
      wakeWriter?.();
    }
  })();
  while (!sink.aborted) {
    if (queue.length === 0) {
      if (ended) break;
      await new Promise<void>((resolve) => (wakeWriter = resolve));
      wakeWriter = undefined;
      continue;
    }
    const batch = queue.splice(0).join('');
    wakeReader?.();
    wakeReader = undefined;
    await sink.write(batch);
  }
  wakeReader?.();
  await reader;
}
