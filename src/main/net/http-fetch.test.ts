// httpFetch against real node:http servers on loopback: round trips, streamed bodies, kept connections, aborts, failures.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { AddressInfo, Socket } from 'node:net';
import OpenAI from 'openai';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenAI } from '../llm/openai-sdk';
import { classifyFailure } from '../llm/transport-failure';
import { httpFetch } from './http-fetch';
import { UpstreamRequestError } from './keep-alive-agents';

interface TestServer {
  server: Server;
  url: string;
  /** Every connection the server accepted, in order. */
  connections: Socket[];
  /** Every request the server received, in order. */
  requests: IncomingMessage[];
}

type Handler = (request: IncomingMessage, response: ServerResponse, server: TestServer) => void | Promise<void>;

const running: Server[] = [];

async function serve(handler: Handler): Promise<TestServer> {
  const server = createServer();
  const testServer: TestServer = { server, url: '', connections: [], requests: [] };
  server.on('connection', (socket: Socket) => testServer.connections.push(socket));
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    testServer.requests.push(request);
    void handler(request, response, testServer);
  });
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  testServer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return testServer;
}

afterEach(async () => {
  await Promise.all(
    running.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

// classifyFailure recognises the SDK's errors once it has loaded, as it has by the time a request fails.
beforeAll(async () => {
  await loadOpenAI();
});

/** A promise the test settles itself: lets a server wait for the client (and the client for the server) without sleeping. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { open, opened };
}

/** Resolves when the socket has closed; fails the test if it stays open (a hang, not a timing assertion). */
function closed(socket: Socket, limitMs = 5_000): Promise<void> {
  if (socket.destroyed && socket.closed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server never saw the connection close')), limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const decoder = new TextDecoder();

/** Reads the body until its text so far contains `marker`, and returns that text. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string): Promise<string> {
  let text = '';
  while (!text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the body ended before ${JSON.stringify(marker)}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

function sseEvents(...data: string[]): string {
  return data.map((payload) => `data: ${payload}\n\n`).join('');
}

/** The echo a server gives of what it received. */
interface Echo {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: number[];
}

async function echo(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await bodyOf(request);
  const reply: Echo = {
    method: request.method!,
    path: request.url!,
    headers: request.headers as Record<string, string>,
    body: [...body],
  };
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(reply));
}

describe('httpFetch: round trips', () => {
  it('GETs with the status, status text and headers the server sent (multi-value headers too)', async () => {
    const { url } = await serve(async (request, response) => {
      response.statusCode = 201;
      response.statusMessage = 'Made It';
      response.setHeader('x-tag', ['first', 'second']);
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      await echo(request, response);
    });
    const response = await httpFetch(`${url}/things?kind=all`, { headers: { 'X-Custom': 'yes', Accept: 'application/json' } });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made It');
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-tag')).toBe('first, second');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const sent = (await response.json()) as Echo;
    expect(sent).toMatchObject({ method: 'GET', path: '/things?kind=all', body: [] });
    expect(sent.headers).toMatchObject({ 'x-custom': 'yes', accept: 'application/json' });
    expect(sent.headers['content-length']).toBeUndefined();
  });

  it('POSTs a string body with its byte length (Headers instance)', async () => {
    const { url } = await serve(echo);
    const text = 'héllo 🦊';
    const response = await httpFetch(`${url}/v1/echo`, {
      method: 'post',
      headers: new Headers({ 'Content-Type': 'text/plain; charset=utf-8' }),
      body: text,
    });
    const sent = JSON.parse(await response.text()) as Echo;
    expect(sent.method).toBe('POST');
    expect(sent.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(sent.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect(Buffer.from(sent.body).toString('utf8')).toBe(text);
  });

  it('POSTs exactly the bytes of a Uint8Array view, not its whole buffer (header pairs)', async () => {
    const { url } = await serve(echo);
    const view = new Uint8Array([9, 9, 1, 2, 3, 9]).subarray(2, 5);
    const response = await httpFetch(url, { method: 'PUT', headers: [['X-Kind', 'bytes']], body: view });
    const sent = (await response.json()) as Echo;
    expect(sent).toMatchObject({ method: 'PUT', body: [1, 2, 3] });
    expect(sent.headers).toMatchObject({ 'x-kind': 'bytes', 'content-length': '3' });
  });

  it('gives a 204 (and a HEAD) no body, and the connection serves the next request', async () => {
    const test = await serve((request, response) => {
      if (request.url === '/empty') {
        response.statusCode = 204;
        response.end();
        return;
      }
      response.setHeader('content-type', 'text/plain');
      response.end('full');
    });
    const empty = await httpFetch(`${test.url}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    expect(await (await httpFetch(`${test.url}/full`)).text()).toBe('full');
    expect(test.connections).toHaveLength(1);
    const head = await httpFetch(`${test.url}/full`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/plain');
    expect(head.body).toBeNull();
  });

  it('refuses what it cannot send rather than sending something else', async () => {
    await expect(httpFetch('file:///etc/passwd')).rejects.toThrow(TypeError);
    await expect(httpFetch('http://127.0.0.1:9/', { method: 'POST', body: new Blob(['x']) })).rejects.toThrow(/string and byte bodies/);
  });
});

describe('httpFetch: redirects and encodings, as fetch has them', () => {
  it('follows a 307/308 with the same method and body, and a 303 (or a 302 after a POST) as a GET', async () => {
    const target = await serve(echo);
    const hops = await serve((request, response) => {
      const to = { '/307': `${target.url}/kept`, '/308': '/kept-here', '/303': `${target.url}/seen`, '/302': `${target.url}/after-post` }[request.url!];
      if (!to) return echo(request, response);
      response.writeHead(Number(request.url!.slice(1, 4)), { location: to }).end();
    });
    const post = (path: string) => httpFetch(`${hops.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer secret' }, body: '{"a":1}' });
    const kept = (await (await post('/307')).json()) as Echo;
    expect(kept).toMatchObject({ method: 'POST', path: '/kept', body: [...Buffer.from('{"a":1}')] });
    // Credentials stay with the origin they were meant for.
    expect(kept.headers.authorization).toBeUndefined();
    expect(await (await post('/308')).json()).toMatchObject({ method: 'POST', path: '/kept-here', headers: { authorization: 'Bearer secret' } });
    for (const [path, landed] of [['/303', '/seen'], ['/302', '/after-post']]) {
      const asGet = (await (await post(path!)).json()) as Echo;
      expect(asGet).toMatchObject({ method: 'GET', path: landed, body: [] });
      expect(asGet.headers['content-type']).toBeUndefined();
    }
  });

  it('stops after 5 redirects, and returns a redirect as is when asked to (redirect: manual)', async () => {
    const loop = await serve((_request, response) => {
      response.writeHead(302, { location: '/again' }).end();
    });
    const failure = await httpFetch(`${loop.url}/start`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamRequestError);
    expect(String((failure as Error).message)).toContain('more than 5 redirects');
    expect(loop.requests).toHaveLength(6);
    const manual = await httpFetch(`${loop.url}/start`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe('/again');
  });

  it('asks for an uncompressed body, and decodes one a server compresses anyway', async () => {
    const text = 'data: {"hello":"wörld"}\n\n'.repeat(50);
    const server = await serve((request, response) => {
      const encoding = request.url!.slice(1);
      const bytes = encoding === 'gzip' ? gzipSync(text) : encoding === 'br' ? brotliCompressSync(text) : Buffer.from(text);
      response.writeHead(200, { 'content-type': 'text/event-stream', ...(encoding ? { 'content-encoding': encoding } : {}) }).end(bytes);
    });
    await httpFetch(`${server.url}/`).then((response) => response.text());
    expect(server.requests[0]?.headers['accept-encoding']).toBe('identity');
    for (const encoding of ['gzip', 'br']) expect(await (await httpFetch(`${server.url}/${encoding}`)).text()).toBe(text);
  });
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

describe('httpFetch: abort', () => {
  it('rejects at once with the reason of a signal aborted before the request, sending nothing', async () => {
    const test = await serve(echo);
    const reason = new Error('the user pressed stop');
    await expect(httpFetch(test.url, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(test.connections).toHaveLength(0);
  });

  it('rejects with the signal\'s reason when aborted while waiting for the answer, and closes the connection', async () => {
    const arrived = gate();
    const test = await serve(() => arrived.open());
    const controller = new AbortController();
    const answer = httpFetch(test.url, { method: 'POST', body: 'question', signal: controller.signal });
    await arrived.opened;
    const reason = new Error('the user pressed stop');
    controller.abort(reason);
    await expect(answer).rejects.toBe(reason);
    await closed(test.connections[0]!);
  });

  it('fails the body read with the signal\'s reason when aborted mid-body, and closes the connection', async () => {
    const test = await serve((_request, response) => {
      response.write('data: {"n":1}\n\n');
    });
    const controller = new AbortController();
    const response = await httpFetch(test.url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await readUntil(reader, '{"n":1}');
    controller.abort();
    await expect(reader.read()).rejects.toBe(controller.signal.reason);
    expect(classifyFailure(controller.signal.reason)).toEqual({ kind: 'aborted' });
    await closed(test.connections[0]!);
  });
});

describe('httpFetch: failures', () => {
  it('rejects a refused connection with a TypeError whose cause is ECONNREFUSED, classified as refused', async () => {
    const gone = await serve(echo);
    await new Promise<void>((resolve) => gone.server.close(() => resolve()));
    const error = await httpFetch(gone.url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamRequestError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(classifyFailure(error)).toEqual({ kind: 'refused', detail: 'ECONNREFUSED' });
  });

  it('fails the body read when the server drops the connection mid-body, classified as dropped', async () => {
    const firstRead = gate();
    const test = await serve(async (_request, response) => {
      response.write('data: {"n":1}\n\n');
      await firstRead.opened;
      response.socket!.destroy();
    });
    const reader = (await httpFetch(test.url)).body!.getReader();
    await readUntil(reader, '{"n":1}');
    firstRead.open();
    const error = await reader.read().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(classifyFailure(error)).toMatchObject({ kind: 'dropped' });
  });

  it('does not resend a request whose fresh connection was dropped before the answer', async () => {
    const test = await serve((request) => {
      request.socket.destroy();
    });
    const error = await httpFetch(test.url, { method: 'POST', body: 'once' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamRequestError);
    expect(classifyFailure(error)).toMatchObject({ kind: 'dropped' });
    expect(test.requests).toHaveLength(1);
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
