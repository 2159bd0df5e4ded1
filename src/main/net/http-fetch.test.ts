// httpFetch against real node:http servers on loopback: round trips, no redirects or encodings, aborts, failures.
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenAI } from '../llm/openai-sdk';
import { httpFetch } from './http-fetch';
import { classifyFailure } from '../llm/transport-failure';
import { UpstreamRequestError } from './keep-alive-agents';
import { serve, closeTestServers, gate, closed, readUntil, echo, type Echo } from '../../../test/support/loopback-http';

afterEach(closeTestServers);

// classifyFailure recognises the SDK's errors once it has loaded, as it has by the time a request fails.
beforeAll(async () => {
  await loadOpenAI();
});

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

describe('httpFetch: no redirects, no encodings (no caller needs them)', () => {
  it('returns a redirect as is, with its location, and asks nothing of the place it points to', async () => {
    const target = await serve(echo);
    const hop = await serve((_request, response) => {
      response.writeHead(307, { location: `${target.url}/kept` }).end();
    });
    const response = await httpFetch(`${hop.url}/v1/chat/completions`, { method: 'POST', body: '{"a":1}' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${target.url}/kept`);
    expect(target.requests).toHaveLength(0);
  });

  it('asks for an uncompressed body, and refuses one a server compresses anyway, saying so', async () => {
    const text = 'data: {"hello":"wörld"}\n\n'.repeat(50);
    const server = await serve((request, response) => {
      const encoding = request.url!.slice(1);
      response.writeHead(200, { 'content-type': 'text/event-stream', ...(encoding ? { 'content-encoding': encoding } : {}) }).end(encoding ? gzipSync(text) : text);
    });
    expect(await (await httpFetch(`${server.url}/`)).text()).toBe(text);
    expect(server.requests[0]?.headers['accept-encoding']).toBe('identity');
    const refused = await httpFetch(`${server.url}/gzip`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UpstreamRequestError);
    expect(String((refused as Error).message)).toMatch(/compressed its answer \(gzip\) although asked not to/);
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
