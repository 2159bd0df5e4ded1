// `fetch` for the openai SDK over node:http(s) with the shared keep-alive pools: the same Response, about half the
// CPU and latency of the built-in fetch per model call (the SDK lets the transport be replaced for exactly this).
// Not a general fetch: no Request objects, streamed request bodies, cookies, caches, redirects or decoding — none
// of which the SDK's chat calls use.
import type { IncomingMessage } from 'node:http';
import { UpstreamRequestError } from './keep-alive-agents';
import { sendKeepAliveRequest } from './keep-alive-request';

type FetchInput = Parameters<typeof fetch>[0];
type FetchInit = NonNullable<Parameters<typeof fetch>[1]>;

/**
 * The platform's Response, taken when this module loads: @hono/node-server later swaps the global for a lighter
 * class of its own, which turns into a real Response anyway the moment the SDK reads the body — twice the work.
 */
const PlatformResponse = globalThis.Response;

/** Statuses whose response has no body (a Response refuses one). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

function headerRecord(headers: FetchInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  if (headers instanceof Headers) {
    headers.forEach((value, name) => (record[name] = value));
  } else if (Array.isArray(headers)) {
    for (const [name, value] of headers) record[name!.toLowerCase()] = value!;
  } else {
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) record[name.toLowerCase()] = value;
  }
  return record;
}

function requestBody(body: FetchInit['body']): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError('httpFetch sends string and byte bodies only');
}

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.append(raw[index]!, raw[index + 1]!);
  return headers;
}

/**
 * Bytes read ahead of the consumer before the socket is paused. With the default (one chunk), a stream of small
 * chunks (a token each) would pause and resume the socket on every chunk: a system call each way.
 */
const BODY_BUFFER = new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 });

/** How long a cancelled body may take to finish arriving (so its connection can be kept) before it is cut. */
const DRAIN_LIMIT_MS = 1_000;

/**
 * The body as a web stream, read as it arrives. A reader that stops once it has what it needs (the SDK stops at an
 * SSE stream's `[DONE]`, often just before the last empty chunk) lets the rest arrive so the connection is kept;
 * a real cancel aborts the request through its signal, and a body still arriving after DRAIN_LIMIT_MS is cut.
 */
function bodyStream(message: IncomingMessage, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  let closed = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      // As with fetch, a body cut by the caller's abort fails with the abort's reason, not as a lost connection.
      const fail = (error: Error) => controller.error(signal?.aborted ? signal.reason : error);
      message.on('data', (chunk: Buffer) => {
        if (closed) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) message.pause();
      });
      message.once('end', () => {
        if (closed) return;
        closed = true;
        controller.close();
      });
      message.on('error', (error) => {
        if (closed) return;
        closed = true;
        fail(error);
      });
      message.once('close', () => {
        if (closed || message.complete) return;
        closed = true;
        fail(Object.assign(new Error('the server closed the connection mid-answer'), { code: 'ECONNRESET' }));
      });
    },
    pull() {
      message.resume();
    },
    cancel() {
      closed = true;
      if (message.readableEnded || message.destroyed) return;
      // Even a body that has fully arrived must be read out (it may be paused on BODY_BUFFER): its connection goes back
      // to the pool only at the message's 'end'. The cancel settles then, so the caller's next request can reuse it.
      const drained = new Promise<void>((resolve) => {
        message.once('end', resolve);
        message.once('close', resolve);
      });
      const cut = setTimeout(() => message.destroy(), DRAIN_LIMIT_MS);
      cut.unref();
      message.resume();
      return drained.finally(() => clearTimeout(cut));
    },
  }, BODY_BUFFER);
}

/** Sends the request (once more on a stale kept-alive socket); cut by its signal, it fails with the abort's reason. */
async function send(url: URL, method: string, headers: Record<string, string>, body: string | Buffer | undefined, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  try {
    return (await sendKeepAliveRequest(url, { method, headers, ...(body === undefined ? {} : { body }), ...(signal ? { signal } : {}) })).message;
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}

/** The body as it came: every request asks for `identity`, so a compressed one is refused rather than decoded. */
function responseBody(url: URL, message: IncomingMessage, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  const encoding = (message.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    message.destroy();
    throw new UpstreamRequestError(new Error(`${url.origin} compressed its answer (${encoding}) although asked not to; put no compressing proxy in front of it`));
  }
  return bodyStream(message, signal);
}

/**
 * A drop-in `fetch` for http(s) URLs as the openai SDK calls it: string/byte bodies, abort signals, streamed response
 * bodies. A redirect is returned as it is (as with `redirect: 'manual'`), and bodies are asked for uncompressed: a
 * model server does neither, so following and decoding were code no caller ran.
 */
export async function httpFetch(input: FetchInput, init: FetchInit = {}): Promise<Response> {
  if (input instanceof Request) throw new TypeError('httpFetch takes a URL and init, not a Request');
  const url = new URL(String(input));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`httpFetch cannot fetch ${url.protocol} URLs`);
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = headerRecord(init.headers);
  headers['accept-encoding'] = 'identity';
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw signal.reason;
  const message = await send(url, method, headers, requestBody(init.body), signal);
  const status = message.statusCode ?? 502;
  const hasBody = method !== 'HEAD' && !NULL_BODY_STATUS.has(status);
  if (!hasBody && !message.readableEnded) {
    // Read out the empty message now: its connection goes back to the pool at its 'end', ready for the next request.
    await new Promise<void>((resolve) => {
      message.once('end', resolve);
      message.once('close', resolve);
      message.resume();
    });
  }
  return new PlatformResponse(hasBody ? responseBody(url, message, signal) : null, {
    status,
    statusText: message.statusMessage ?? '',
    headers: responseHeaders(message),
  });
}
