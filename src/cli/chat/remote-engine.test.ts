// harombe chat --server: stopping a turn (Ctrl+C) while it waits for an approval cancels it on the server, which would
// otherwise keep it waiting for someone to answer.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../shared';
import { RemoteTurnRunner } from './remote-engine';

describe('the remote chat engine', () => {
  it('cancels the turn by its conversation when stopped, as the closed stream alone leaves a waiting turn running', async () => {
    const calls: string[] = [];
    const encoder = new TextEncoder();
    const fakeFetch: typeof fetch = async (url, init) => {
      const path = new URL(String(url)).pathname;
      calls.push(`${init?.method ?? 'GET'} ${path}`);
      if (path !== '/chat/stream') return Response.json({ conversation_id: 'conv-r', cancelled: true });
      const events = [
        { type: 'start', conversation_id: 'conv-r', message_index: 0 },
        { type: 'confirm_required', confirmation_id: 'c1', conversation_id: 'conv-r', tool_call: { id: 't', name: 'shell', arguments: {} }, description: 'shell: ls', expires_at: new Date().toISOString() },
      ];
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const event of events) controller.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
          init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    };
    const runner = new RemoteTurnRunner(new ApiClient({ baseUrl: 'http://127.0.0.1:9', token: 't', fetch: fakeFetch }));
    const stop = new AbortController();
    const seen: string[] = [];
    for await (const event of runner.runTurn({ message: 'ls', attendance: 'ask', signal: stop.signal })) {
      seen.push(event.type);
      if (event.type === 'confirm_required') stop.abort();
    }
    expect(seen).toEqual(['start', 'confirm_required']);
    await expect.poll(() => calls).toContain('POST /conversations/conv-r/cancel');
  });
});
