// Server-Sent Events read by one parser, eventsource-parser (isomorphic: Node, the browser, the tests), for the API
// client and every test that reads a stream — none keeps its own splitting of `data:` lines.
import { createParser } from 'eventsource-parser';

/** One event: its name (`message` when the stream gave none) and its `data:` lines joined. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

export interface ServerSentEventFeed {
  /** Takes the next piece of the stream's text; complete events go to the callback at once. */
  feed(text: string): void;
}

/** A parser fed text as it arrives (any chunking), calling `onEvent` for each complete event that carries data. */
export function serverSentEventFeed(onEvent: (event: ServerSentEvent) => void): ServerSentEventFeed {
  const parser = createParser({ onEvent: ({ event, data }) => onEvent({ event: event ?? 'message', data }) });
  return { feed: (text) => parser.feed(text) };
}

/** Every complete event of a whole SSE body. */
export function parseServerSentEvents(text: string): ServerSentEvent[] {
  const events: ServerSentEvent[] = [];
  serverSentEventFeed((event) => events.push(event)).feed(text);
  return events;
}

/** The JSON of each event's data, read off a body as it arrives; the body is cancelled when the reader stops. */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown, void, undefined> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  const ready: string[] = [];
  const feed = serverSentEventFeed(({ data }) => ready.push(data));
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      feed.feed(decoder.decode(value, { stream: true }));
      while (ready.length > 0) yield JSON.parse(ready.shift()!) as unknown;
    }
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => undefined);
  }
}
