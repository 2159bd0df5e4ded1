// SSE as the API client and the tests read it: events split across network reads, CRLF line ends, keep-alive comments.
import { describe, expect, it } from 'vitest';
import { parseServerSentEvents, readServerSentEvents } from '../src/shared/server-sent-events';

/** A body that arrives in the given pieces. */
function bodyOf(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const data of readServerSentEvents(body)) events.push(data);
  return events;
}

describe('server-sent events', () => {
  it('reads each event whole however the network splits it, a multi-byte character included', async () => {
    const text = 'event: token\ndata: {"text":"héllo"}\n\nevent: done\ndata: {"ok":true}\n\n';
    const bytes = new TextEncoder().encode(text);
    const split = [bytes.slice(0, 7), bytes.slice(7, 29), bytes.slice(29)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of split) controller.enqueue(piece);
        controller.close();
      },
    });
    expect(await collect(body)).toEqual([{ text: 'héllo' }, { ok: true }]);
  });

  it('takes CRLF line ends and skips keep-alive comments and events without data', async () => {
    expect(await collect(bodyOf([': keep-alive\r\n\r\n', 'event: ping\r\n\r\n', 'data: {"n":1}\r\n\r\n']))).toEqual([{ n: 1 }]);
  });

  it('names each event, `message` when the stream gives none, and joins multi-line data', () => {
    expect(parseServerSentEvents('event: route\ndata: {"node":\ndata: "fast"}\n\ndata: [DONE]\n\n')).toEqual([
      { event: 'route', data: '{"node":\n"fast"}' },
      { event: 'message', data: '[DONE]' },
    ]);
  });
});
