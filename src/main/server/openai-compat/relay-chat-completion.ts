// POST /v1/chat/completions: a plain relay (no harombe tools) to the resolved upstream. The route decides, fails over
// and measures (a cluster's is the agent's own executor); the relay asks each upstream and passes its bytes on.
import type { ChatCompletionRequest } from '../../../shared';
import { isLocalFault, type RequestMeasurement } from '../../cluster';
import { LlmError } from '../../llm';
import { httpFetch } from '../../net/http-fetch';
import { ApiError, failureToApiError } from '../api-error';
import { observedStream, usageOf, type ChunkRead } from './observed-stream';
import { noAnswer, unreachable, upstreamFailure, where } from './upstream-failure';
import type { Upstream, UpstreamCall, UpstreamResolver, UpstreamRoute } from './upstream-resolver';

export interface RelayOptions {
  resolver: UpstreamResolver;
  /** The HTTP client of model calls, as every model client takes it; default httpFetch (node:http, keep-alive). */
  fetch?: typeof fetch;
  /** Until the whole answer (non-streaming) or its first chunk (streaming) arrives, failovers included. */
  deadlineMs: number;
  /** The request's headers, for the resolver (a coordinator's mark). */
  headers?: Headers;
  /** Cuts the client's connection (its node response destroyed) when the upstream breaks off mid-answer. */
  cutClient?: () => void;
}

/** The response header naming the node that answered. */
export const SERVED_BY_HEADER = 'x-harombe-node';

type Opened =
  | { stream: false; text: string; contentType: string }
  | { stream: true; reader: ReadableStreamDefaultReader<Uint8Array>; first: ChunkRead; contentType: string };

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

/**
 * The request body with `model` set per upstream. The rest is serialized once, before any upstream is asked: a body
 * that cannot be serialized is harombe's failure (a plain 500), never a node's.
 */
function payloads(body: ChatCompletionRequest): (model: string) => string {
  const rest = JSON.stringify({ ...body, model: undefined });
  return (model) => (rest === '{}' ? `{"model":${JSON.stringify(model)}}` : `{"model":${JSON.stringify(model)},${rest.slice(1)}`);
}

/** Sends the request; resolves with the whole answer (non-streaming) or its first chunk (streaming). */
async function open(upstream: Upstream, body: ChatCompletionRequest, payload: string, fetchImplementation: typeof fetch, signal: AbortSignal): Promise<Opened> {
  let response: Response;
  try {
    response = await fetchImplementation(completionsUrl(upstream), { method: 'POST', headers: requestHeaders(upstream, body), body: payload, signal });
  } catch (error) {
    // Stopped from our side (the route words a silent node), or broken on harombe's side (the server log says how).
    if (signal.aborted || isLocalFault(error)) throw error;
    throw unreachable(upstream, error);
  }
  if (!response.ok) throw await upstreamFailure(response, upstream);
  const contentType = response.headers.get('content-type') ?? (body.stream ? 'text/event-stream' : 'application/json');
  try {
    if (!body.stream || !response.body) return { stream: false, text: await response.text(), contentType };
    const reader = response.body.getReader();
    try {
      return { stream: true, reader, first: await reader.read(), contentType };
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      throw error;
    }
  } catch (error) {
    if (signal.aborted) throw error;
    throw unreachable(upstream, error);
  }
}

/** A failure as the client reads it: an upstream's own ApiError, a silent node's 504, or an unreachable one's 502. */
function clientError(upstream: Upstream, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof LlmError && error.code === 'timeout') {
    return new ApiError(504, 'upstream_timeout', error.message.replace(/\.$/, ''), { hint: error.hint ?? 'The node may be busy or still loading its model.' });
  }
  return unreachable(upstream, error);
}

export async function relayChatCompletion(body: ChatCompletionRequest, clientSignal: AbortSignal, options: RelayOptions): Promise<Response> {
  const route = await resolveRoute(body, options);
  const payloadFor = payloads(body);
  const fetchImplementation = options.fetch ?? httpFetch;
  const deadline = new AbortController();
  const deadlineTimer = setTimeout(() => deadline.abort(), options.deadlineMs);
  const call: UpstreamCall<Opened> = {
    open: (upstream, signal) => open(upstream, body, payloadFor(upstream.model), fetchImplementation, signal),
    // Only a streaming answer has a first chunk to wait for; a whole answer may take as long as the deadline allows.
    whole: !body.stream,
  };
  try {
    const outcome = await route.serve(call, AbortSignal.any([clientSignal, deadline.signal]));
    if (outcome.served) return respond(outcome.value, outcome.upstream, outcome.measurement, clientSignal, options.cutClient);
    if (clientSignal.aborted) throw new ApiError(400, 'cancelled', 'The client cancelled the request');
    const { stoppedBy, failures } = outcome;
    if (deadline.signal.aborted) {
      const last = stoppedBy ?? failures.at(-1);
      throw new ApiError(504, 'upstream_timeout', `${last ? where(last.upstream) : 'No node'} did not answer within ${Math.round(options.deadlineMs / 1000)} s`, {
        hint: 'GET /cluster/nodes shows each node\'s health; use stream: true for long answers.',
      });
    }
    if (stoppedBy) {
      // Broke on harombe's side (a header Node refused, say): the error's own text is for the server log (app.ts logs
      // it and answers a plain 500). A request the node called malformed would be refused by every other node too.
      if (!(stoppedBy.error instanceof ApiError) && isLocalFault(stoppedBy.error)) throw stoppedBy.error;
      throw clientError(stoppedBy.upstream, stoppedBy.error);
    }
    throw noAnswer(failures.map(({ upstream, error }) => ({ upstream, error: clientError(upstream, error) })));
  } finally {
    clearTimeout(deadlineTimer);
  }
}

function respond(opened: Opened, upstream: Upstream, measurement: RequestMeasurement, clientSignal: AbortSignal, cutClient: (() => void) | undefined): Response {
  if (!opened.stream) {
    measurement.firstToken();
    measurement.succeeded(usageOf(opened.text));
    return new Response(opened.text, { status: 200, headers: { 'content-type': opened.contentType, [SERVED_BY_HEADER]: upstream.node } });
  }
  // The upstream's bytes go through as they arrive; a client that hangs up cancels the upstream read.
  return new Response(observedStream(opened.reader, opened.first, measurement, clientSignal, cutClient), {
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
