// POST /v1/chat/completions: a plain relay (no harombe tools) to the resolved upstream, the next one when it fails first.
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { ChatCompletionRequest } from '../../../shared';
import { isLocalFault } from '../../cluster/local-fault';
import { ApiError, failureToApiError } from '../api-error';
import { relayNodeStream } from './node-stream-relay';
import { observedStream, usageOf, type ChunkRead } from './observed-stream';
import { postUpstream, readFirstChunk, readText } from './upstream-http';
import { isNodeFailure, noAnswer, unreachable, upstreamFailure, where } from './upstream-failure';
import type { Upstream, UpstreamAttempt, UpstreamResolver, UpstreamRoute } from './upstream-resolver';

/** The client's node response (served by @hono/node-server), for writing a streamed answer to it directly. */
export interface NodeResponseTarget {
  outgoing: ServerResponse;
  /** The headers the middleware has set so far (security, CORS), sent along with the relay's own. */
  headers: () => Headers;
}

export interface RelayOptions {
  resolver: UpstreamResolver;
  /**
   * How the upstream is asked. Absent, with `node` given: node:http with keep-alive, streamed straight to the node
   * response. Otherwise fetch (the global one when absent) and a Response wrapping a web stream.
   */
  fetch?: typeof fetch;
  node?: NodeResponseTarget;
  /** Until the whole answer (non-streaming) or its first chunk (streaming) arrives, failovers included. */
  deadlineMs: number;
  /** The request's headers, for the resolver (a coordinator's mark). */
  headers?: Headers;
  /** How long a streaming upstream may stay silent before the next candidate is tried. Default 60 s. */
  firstByteTimeoutMs?: number;
  /** Candidates tried for one request. Default 3. */
  maxAttempts?: number;
}

/** The response header naming the node that answered. */
export const SERVED_BY_HEADER = 'x-harombe-node';

type Opened =
  | { stream: false; text: string; contentType: string }
  | { stream: true; reader: ReadableStreamDefaultReader<Uint8Array>; first: ChunkRead; contentType: string }
  | { stream: 'node'; request: ClientRequest; message: IncomingMessage; first: Buffer | undefined; contentType: string };

/** Why an attempt was stopped from our side (the node was too slow to start). */
class FirstByteTimeout extends Error {}

const untracked: UpstreamAttempt = {
  open: (send, callerSignal) => send(callerSignal),
  firstByte: () => undefined,
  piece: () => undefined,
  succeeded: () => undefined,
  failed: () => undefined,
  cancelled: () => undefined,
};

async function resolveRoute(body: ChatCompletionRequest, options: RelayOptions): Promise<UpstreamRoute> {
  try {
    return await options.resolver.resolve({
      model: body.model,
      messages: body.messages,
      headers: options.headers ?? new Headers(),
    });
  } catch (error) {
    const failure = failureToApiError(error, `No upstream serves the model "${body.model}"`);
    throw failure.code === 'model_missing' ? new ApiError(404, 'model_not_found', failure.message, failure.details) : failure;
  }
}

function requestHeaders(upstream: Upstream, body: ChatCompletionRequest): Record<string, string> {
  const headers: Record<string, string> = {
    ...upstream.headers,
    'content-type': 'application/json',
    accept: body.stream ? 'text/event-stream' : 'application/json',
  };
  if (upstream.apiKey) headers['authorization'] = `Bearer ${upstream.apiKey}`;
  return headers;
}

const completionsUrl = (upstream: Upstream) => `${upstream.baseUrl.replace(/\/+$/, '')}/chat/completions`;

/** send() over node:http: the streamed answer stays a node stream, to be written to the node response as it comes. */
async function sendOverNodeHttp(upstream: Upstream, body: ChatCompletionRequest, payload: string, signal: AbortSignal): Promise<Opened> {
  const { request, message } = await postUpstream(completionsUrl(upstream), requestHeaders(upstream, body), payload, signal);
  const status = message.statusCode ?? 502;
  if (status < 200 || status > 299) {
    const text = await readText(message).catch(() => '');
    throw await upstreamFailure(new Response(text, { status: status >= 200 && status <= 599 ? status : 502 }), upstream);
  }
  const contentType = message.headers['content-type'] ?? (body.stream ? 'text/event-stream' : 'application/json');
  if (!body.stream) return { stream: false, text: await readText(message), contentType };
  try {
    return { stream: 'node', request, message, first: await readFirstChunk(message), contentType };
  } catch (error) {
    request.destroy();
    throw error;
  }
}

/** Sends the request and waits for the whole answer (non-streaming) or its first chunk (streaming). */
async function send(upstream: Upstream, body: ChatCompletionRequest, payload: string, signal: AbortSignal, fetchImplementation: typeof fetch): Promise<Opened> {
  const response = await fetchImplementation(completionsUrl(upstream), { method: 'POST', headers: requestHeaders(upstream, body), body: payload, signal });
  if (!response.ok) throw await upstreamFailure(response, upstream);
  const contentType = response.headers.get('content-type') ?? (body.stream ? 'text/event-stream' : 'application/json');
  if (!body.stream || !response.body) return { stream: false, text: await response.text(), contentType };
  const reader = response.body.getReader();
  try {
    return { stream: true, reader, first: await reader.read(), contentType };
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
}

export async function relayChatCompletion(body: ChatCompletionRequest, clientSignal: AbortSignal, options: RelayOptions): Promise<Response> {
  const route = await resolveRoute(body, options);
  const candidates = route.candidates.slice(0, Math.max(1, route.maxAttempts ?? options.maxAttempts ?? 3));
  // A cluster's route carries the policy the agent path follows: the same silence allowed, the same pause between nodes.
  const firstByteTimeoutMs = route.firstByteTimeoutMs ?? options.firstByteTimeoutMs ?? 60_000;
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(), options.deadlineMs);
  const failures: { upstream: Upstream; error: ApiError }[] = [];
  // node:http only where its stream can be written to a node response; fetch when injected (tests) or in-process.
  const overNodeHttp = options.node !== undefined && options.fetch === undefined;
  const fetchImplementation = options.fetch ?? fetch;
  try {
    for (const [index, upstream] of candidates.entries()) {
      if (index > 0 && route.pauseBeforeNext) {
        try {
          await route.pauseBeforeNext(AbortSignal.any([clientSignal, deadline.signal]));
        } catch {
          if (clientSignal.aborted) throw new ApiError(400, 'cancelled', 'The client cancelled the request');
          break;
        }
      }
      // Built before the attempt begins: a body that cannot be sent is harombe's failure, never the node's.
      const payload = JSON.stringify({ ...body, model: upstream.model });
      const attempt = upstream.begin?.() ?? untracked;
      const attemptTimeout = new AbortController();
      // Only a streaming answer has a first chunk to wait for; a whole answer may take as long as the deadline allows.
      const attemptTimer = body.stream ? setTimeout(() => attemptTimeout.abort(new FirstByteTimeout()), firstByteTimeoutMs) : undefined;
      let opened: Opened;
      try {
        opened = await attempt.open(
          (signal) => {
            const combined = AbortSignal.any([signal, deadline.signal, attemptTimeout.signal]);
            return overNodeHttp ? sendOverNodeHttp(upstream, body, payload, combined) : send(upstream, body, payload, combined, fetchImplementation);
          },
          clientSignal,
        );
      } catch (error) {
        if (clientSignal.aborted) throw new ApiError(400, 'cancelled', 'The client cancelled the request');
        if (deadline.signal.aborted) {
          throw new ApiError(504, 'upstream_timeout', `${where(upstream)} did not answer within ${Math.round(options.deadlineMs / 1000)} s`, {
            hint: 'Use stream: true for long answers, or try a smaller model.',
          });
        }
        // Broke on harombe's side (a header Node refused, say): no other node would fare better, and the error's own
        // text is for the server log (app.ts logs it and answers a plain 500).
        if (!(error instanceof ApiError) && !attemptTimeout.signal.aborted && isLocalFault(error)) throw error;
        const failure =
          error instanceof ApiError
            ? error
            : attemptTimeout.signal.aborted
              ? new ApiError(504, 'upstream_timeout', `${where(upstream)} sent nothing within ${Math.round(firstByteTimeoutMs / 1000)} s`, {
                  hint: 'The node may be busy or still loading its model.',
                })
              : unreachable(upstream, error);
        // A request the node called malformed would be refused by every other node too.
        if (!isNodeFailure(failure)) throw failure;
        failures.push({ upstream, error: failure });
        route.failedOver?.(upstream, candidates[index + 1], failure.message);
        continue;
      } finally {
        clearTimeout(attemptTimer);
      }
      route.served?.(upstream, failures.map((failure) => failure.upstream.node));
      return respond(opened, upstream, attempt, clientSignal, options.node);
    }
    if (deadline.signal.aborted) {
      throw new ApiError(504, 'upstream_timeout', `No node answered within ${Math.round(options.deadlineMs / 1000)} s`, {
        hint: 'GET /cluster/nodes shows each node\'s health; use stream: true for long answers.',
      });
    }
    throw noAnswer(failures);
  } finally {
    clearTimeout(deadlineTimer);
  }
}

function respond(opened: Opened, upstream: Upstream, attempt: UpstreamAttempt, clientSignal: AbortSignal, node: NodeResponseTarget | undefined): Response {
  if (opened.stream === 'node' && node) {
    const headers: OutgoingHttpHeaders = Object.fromEntries(node.headers());
    Object.assign(headers, { 'content-type': opened.contentType, 'cache-control': 'no-cache', 'x-accel-buffering': 'no', [SERVED_BY_HEADER]: upstream.node });
    relayNodeStream({ ...opened, attempt, clientSignal, outgoing: node.outgoing, headers });
    // Tells @hono/node-server the answer is already on its way.
    return RESPONSE_ALREADY_SENT;
  }
  if (opened.stream === 'node') throw new Error('a node:http stream needs a node response to go to');
  if (!opened.stream) {
    attempt.firstByte();
    attempt.succeeded(usageOf(opened.text));
    return new Response(opened.text, { status: 200, headers: { 'content-type': opened.contentType, [SERVED_BY_HEADER]: upstream.node } });
  }
  // The upstream's bytes go through as they arrive; a client that hangs up cancels the upstream read.
  return new Response(observedStream(opened.reader, opened.first, attempt, clientSignal), {
    status: 200,
    headers: {
      'content-type': opened.contentType,
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      // Tells @hono/node-server this is a stream: it otherwise waits a timer tick for a second chunk before sending
      // the headers (to compute a content-length), which delays the first token by a millisecond or more.
      'transfer-encoding': 'chunked',
      [SERVED_BY_HEADER]: upstream.node,
    },
  });
}
