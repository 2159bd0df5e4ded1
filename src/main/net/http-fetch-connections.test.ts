// httpFetch's connections: bodies streamed as they arrive, kept-alive sockets reused (also after a reader stops at
// [DONE]) and stale ones retried once, and the openai SDK over it.
import OpenAI from 'openai';
import type { Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenAI } from '../llm/openai-sdk';
import { httpFetch } from './http-fetch';
import { classifyFailure } from '../llm/transport-failure';
import { UpstreamRequestError } from './keep-alive-agents';
import { serve, closeTestServers, gate, closed, bodyOf, readUntil, sseEvents, echo, type Echo } from '../../../test/support/loopback-http';

const decoder = new TextDecoder();

afterEach(closeTestServers);

// classifyFailure recognises the SDK's errors once it has loaded, as it has by the time a request fails.
beforeAll(async () => {
  await loadOpenAI();
});

describe('httpFetch: streamed bodies', () => {
  it('hands each chunk over as it arrives, before the server has finished', async () => {
    const firstRead = gate();
    let serverEnded = false;
    const { url } = await serve(async (_request, response) => {
      response.write('first ');
      await firstRead.opened;
      response.write('second');
      response.end(() => (serverEnded = true));
    });
    const response = await httpFetch(url);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(decoder.decode(first.value)).toBe('first ');
    // The server is still waiting for this test before it writes anything else.
    expect(serverEnded).toBe(false);
    firstRead.open();
    let rest = '';
    for (let part = await reader.read(); !part.done; part = await reader.read()) rest += decoder.decode(part.value);
    expect(rest).toBe('second');
  });
});

describe('httpFetch: keep-alive', () => {
  it('sends sequential requests over one connection', async () => {
    const test = await serve(echo);
    for (let index = 0; index < 4; index += 1) {
      const response = await httpFetch(`${test.url}/${index}`, { method: 'POST', body: `request ${index}` });
      expect(((await response.json()) as Echo).path).toBe(`/${index}`);
    }
    expect(test.connections).toHaveLength(1);
    expect(test.requests).toHaveLength(4);
  });

  it('keeps the connection when the reader cancels right after [DONE] of a body the server already ended', async () => {
    const test = await serve((_request, response) => {
      response.setHeader('content-type', 'text/event-stream');
      response.end(sseEvents('{"n":1}', '{"n":2}', '[DONE]'));
    });
    for (let index = 0; index < 3; index += 1) {
      const reader = (await httpFetch(test.url, { method: 'POST', body: '{}' })).body!.getReader();
      expect(await readUntil(reader, '[DONE]')).toContain('{"n":2}');
      await reader.cancel();
    }
    expect(test.connections).toHaveLength(1);
    expect(test.requests).toHaveLength(3);
  });

  it('keeps the connection when the server ends the body a moment after the reader cancelled', async () => {
    let cancelled = gate();
    const test = await serve(async (_request, response) => {
      response.setHeader('content-type', 'text/event-stream');
      response.write(sseEvents('{"n":1}', '[DONE]'));
      await cancelled.opened;
      response.end();
    });
    for (let index = 0; index < 3; index += 1) {
      const reader = (await httpFetch(test.url)).body!.getReader();
      await readUntil(reader, '[DONE]');
      const cancelling = reader.cancel();
      // Only now does the server send the chunked body's terminating chunk.
      cancelled.open();
      await cancelling;
      cancelled = gate();
    }
    expect(test.connections).toHaveLength(1);
    expect(test.requests).toHaveLength(3);
  });

  it('keeps the connection when a for-await loop over the body breaks at [DONE]', async () => {
    const test = await serve((_request, response) => {
      response.write(sseEvents('{"n":1}'));
      response.end(sseEvents('[DONE]'));
    });
    for (let index = 0; index < 3; index += 1) {
      const response = await httpFetch(test.url);
      let text = '';
      for await (const part of response.body!) {
        text += decoder.decode(part, { stream: true });
        if (text.includes('[DONE]')) break;
      }
    }
    expect(test.connections).toHaveLength(1);
  });

  it('keeps the connection when a large body, read ahead and paused, is cancelled after its first chunk', async () => {
    const large = Buffer.alloc(200 * 1024, 'x');
    let sent = gate();
    const test = await serve((_request, response) => {
      response.setHeader('content-length', String(large.length));
      response.end(large, () => sent.open());
    });
    for (let index = 0; index < 3; index += 1) {
      const response = await httpFetch(test.url);
      await sent.opened;
      const reader = response.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
      sent = gate();
    }
    expect(await (await httpFetch(test.url)).arrayBuffer()).toHaveProperty('byteLength', large.length);
    expect(test.connections).toHaveLength(1);
  });

  it('cuts a cancelled body that never ends (after a short drain), and the next request still succeeds', async () => {
    const test = await serve((request, response) => {
      if (request.url === '/endless') {
        response.write('data: {"n":1}\n\n');
        return;
      }
      response.end('fine');
    });
    const reader = (await httpFetch(`${test.url}/endless`)).body!.getReader();
    await readUntil(reader, '{"n":1}');
    await reader.cancel();
    await closed(test.connections[0]!);
    expect(await (await httpFetch(`${test.url}/after`)).text()).toBe('fine');
    expect(test.connections).toHaveLength(2);
  });
});

describe('httpFetch: stale kept-alive sockets', () => {
  it('reconnects after the server closed the idle connection', async () => {
    const test = await serve((_request, response) => {
      response.end('ok');
    });
    test.server.keepAliveTimeout = 1;
    expect(await (await httpFetch(test.url)).text()).toBe('ok');
    await closed(test.connections[0]!);
    expect(await (await httpFetch(test.url)).text()).toBe('ok');
    expect(test.connections).toHaveLength(2);
  });

  it('resends once, transparently, a request that met a kept-alive socket the server had just closed', async () => {
    // The server answers the first request, then drops the connection when the next one arrives on it: the race of a
    // request sent just as the server's keep-alive timeout closes the socket.
    const served = new WeakSet<Socket>();
    const test = await serve(async (request, response) => {
      if (served.has(request.socket)) {
        request.socket.destroy();
        return;
      }
      served.add(request.socket);
      response.end(`got ${(await bodyOf(request)).toString()}`);
    });
    expect(await (await httpFetch(test.url, { method: 'POST', body: 'one' })).text()).toBe('got one');
    expect(await (await httpFetch(test.url, { method: 'POST', body: 'two' })).text()).toBe('got two');
    expect(test.connections).toHaveLength(2);
    expect(test.requests).toHaveLength(3);
  });

  it('resends only once: a second failure reaches the caller', async () => {
    let answered = false;
    const test = await serve((request, response) => {
      if (answered) {
        request.socket.destroy();
        return;
      }
      answered = true;
      response.end('ok');
    });
    expect(await (await httpFetch(test.url)).text()).toBe('ok');
    const error = await httpFetch(test.url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamRequestError);
    expect(classifyFailure(error)).toMatchObject({ kind: 'dropped' });
    expect(test.requests).toHaveLength(3);
  });
});

describe('httpFetch as the openai SDK\'s fetch', () => {
  function completionChunk(content: string, finishReason: string | null = null) {
    return JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'tiny',
      choices: [{ index: 0, delta: { content }, finish_reason: finishReason }],
    });
  }

  it('streams a chat completion and reuses the connection for the next calls', async () => {
    const sent: unknown[] = [];
    const test = await serve(async (request, response) => {
      const body = JSON.parse((await bodyOf(request)).toString()) as { messages: { content: string }[] };
      sent.push({ path: request.url, authorization: request.headers.authorization, body });
      response.setHeader('content-type', 'text/event-stream');
      response.write(sseEvents(completionChunk('Hel')));
      response.write(sseEvents(completionChunk('lo'), completionChunk('', 'stop'), '[DONE]'));
      // Some servers end the chunked body with the [DONE] event, others a moment after the SDK has stopped reading.
      if (body.messages[0]!.content === 'now') response.end();
      else setTimeout(() => response.end(), 10);
    });
    const client = new OpenAI({ baseURL: `${test.url}/v1`, apiKey: 'x', fetch: httpFetch, maxRetries: 0 });
    const questions = ['later', 'now', 'later'];
    for (const question of questions) {
      const stream = await client.chat.completions.create({ model: 'tiny', messages: [{ role: 'user', content: question }], stream: true });
      let text = '';
      const finishReasons: unknown[] = [];
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finishReasons.push(chunk.choices[0]?.finish_reason);
      }
      expect(text).toBe('Hello');
      expect(finishReasons.at(-1)).toBe('stop');
    }
    expect(sent).toEqual(
      questions.map((question) => ({
        path: '/v1/chat/completions',
        authorization: 'Bearer x',
        body: { model: 'tiny', messages: [{ role: 'user', content: question }], stream: true },
      })),
    );
    expect(test.connections).toHaveLength(1);
  });
});
