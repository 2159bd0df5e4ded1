// The server's SSE has one writer, production's: an in-process request (app.request) is answered by the writer that
// writes to a socket, so the in-process tests exercise what a browser gets — same headers, same bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { HarombeServer } from '../../src/main/server';
import { createApp } from '../../src/main/server/app';
import { Gate, TEST_LOCAL_TOKEN, call, fakeWorld, gatedScript, replyScript } from '../support/fake-services';

let server: HarombeServer | undefined;
afterEach(async () => {
  await server?.stop({ graceDeadlineMs: 0 });
  server = undefined;
});

/** The headers a client reads, without the ones the socket itself adds (date, transfer-encoding or content-length, keep-alive). */
function contentHeaders(headers: Headers): Record<string, string> {
  const hopByHop = new Set(['date', 'transfer-encoding', 'content-length', 'connection', 'keep-alive']);
  return Object.fromEntries([...headers].filter(([name]) => !hopByHop.has(name)));
}

describe('one SSE writer', () => {
  it('answers in process with the headers and bytes a socket gets', async () => {
    const world = fakeWorld();
    world.turns.script = replyScript('Hello there');
    server = new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: TEST_LOCAL_TOKEN });
    const { url } = await server.start();
    const body = JSON.stringify({ message: 'hi', conversation_id: 'conv-1' });
    const overSocket = await fetch(`${url}/chat/stream`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_LOCAL_TOKEN}`, 'content-type': 'application/json' },
      body,
    });
    const socketText = await overSocket.text();

    const app = createApp(world.services, { host: '127.0.0.1', port: 8000, localToken: TEST_LOCAL_TOKEN });
    const inProcess = await call(app, '/chat/stream', { method: 'POST', json: JSON.parse(body) });

    expect(await inProcess.text()).toBe(socketText);
    expect(contentHeaders(inProcess.headers)).toEqual(contentHeaders(overSocket.headers));
  });

  it('takes an in-process reader that cancels for a client gone, and the turn is cancelled', async () => {
    const world = fakeWorld();
    const { script, cancelled } = gatedScript('Hel', new Gate());
    world.turns.script = script;
    const app = createApp(world.services, { host: '127.0.0.1', port: 8000, localToken: TEST_LOCAL_TOKEN });
    const response = await call(app, '/chat/stream', { method: 'POST', json: { message: 'hi' } });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('event: token')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before its first token: ${text}`);
      text += decoder.decode(value, { stream: true });
    }
    await reader.cancel();
    await cancelled; // resolves only if the turn saw its AbortSignal fire
    expect(world.turns.inputs[0]?.signal?.aborted).toBe(true);
  });
});
