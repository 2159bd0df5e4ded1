// POST /v1/chat/completions: a plain relay to the resolved upstream (no harombe tools); only `model` is rewritten.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ChatCompletionRequest } from '../../../shared';
import { ApiError, failureToApiError } from '../api-error';
import type { Upstream, UpstreamResolver } from './upstream-resolver';

export interface RelayOptions {
  resolver: UpstreamResolver;
  fetch: typeof fetch;
  /** Until the whole answer (non-streaming) or the response headers (streaming) arrive. */
  deadlineMs: number;
}

function where(upstream: Upstream): string {
  return `node "${upstream.node}" (${upstream.baseUrl})`;
}

/** The upstream's own words: OpenAI's `{error: {message}}`, Ollama's `{error: "..."}`, or the start of the text. */
function upstreamMessage(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { error?: string | { message?: unknown } };
    if (typeof body.error === 'string') return body.error;
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.trim().slice(0, 300) || `HTTP ${status}`;
}

async function upstreamFailure(response: Response, upstream: Upstream): Promise<ApiError> {
  const message = upstreamMessage(await response.text().catch(() => ''), response.status);
  const status = response.status;
  if (status === 404) {
    return new ApiError(404, 'model_not_found', `The model "${upstream.model}" is not available on ${where(upstream)}: ${message}`, {
      hint: `Pull it first (\`ollama pull ${upstream.model}\`) or ask for another model; GET /v1/models lists them.`,
    });
  }
  if (status === 401 || status === 403) {
    return new ApiError(502, 'upstream_unauthorized', `${where(upstream)} refused harombe's credentials: ${message}`, {
      hint: 'Check the auth_token configured for that node.',
    });
  }
  if (status >= 400 && status < 500) {
    return new ApiError(status as ContentfulStatusCode, 'upstream_rejected', `${where(upstream)} rejected the request: ${message}`);
  }
  return new ApiError(502, 'upstream_error', `${where(upstream)} failed with HTTP ${status}: ${message}`, {
    hint: 'The model server reported an error; its own log says more.',
  });
}

function unreachable(upstream: Upstream, error: unknown): ApiError {
  // fetch says only "fetch failed"; the cause names it (ECONNREFUSED, ENOTFOUND).
  const cause = (error instanceof Error ? (error.cause ?? error) : error) as { code?: unknown; message?: unknown };
  const reason = typeof cause.code === 'string' ? cause.code : typeof cause.message === 'string' ? cause.message : String(error);
  return new ApiError(502, 'upstream_unreachable', `Cannot reach ${where(upstream)}: ${reason}`, {
    hint: 'Check that the model server is running (`ollama serve`) and that ollama.host in harombe.yaml points at it.',
  });
}

export async function relayChatCompletion(body: ChatCompletionRequest, clientSignal: AbortSignal, options: RelayOptions): Promise<Response> {
  let upstream: Upstream;
  try {
    upstream = await options.resolver.resolve(body.model);
  } catch (error) {
    const failure = failureToApiError(error, `No upstream serves the model "${body.model}"`);
    throw failure.code === 'model_missing' ? new ApiError(404, 'model_not_found', failure.message, failure.details) : failure;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: body.stream ? 'text/event-stream' : 'application/json',
  };
  if (upstream.apiKey) headers['authorization'] = `Bearer ${upstream.apiKey}`;

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.deadlineMs);
  try {
    const response = await options.fetch(`${upstream.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, model: upstream.model }),
      signal: AbortSignal.any([clientSignal, deadline.signal]),
    });
    if (!response.ok) throw await upstreamFailure(response, upstream);
    const contentType = response.headers.get('content-type') ?? (body.stream ? 'text/event-stream' : 'application/json');
    if (body.stream) {
      clearTimeout(timer);
      // The upstream's bytes go through as they arrive; a client that hangs up cancels the upstream read.
      return new Response(response.body, {
        status: 200,
        headers: { 'content-type': contentType, 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
      });
    }
    return new Response(await response.text(), { status: 200, headers: { 'content-type': contentType } });
  } catch (error) {
    if (error instanceof ApiError) throw error;
    if (deadline.signal.aborted) {
      throw new ApiError(504, 'upstream_timeout', `${where(upstream)} did not answer within ${Math.round(options.deadlineMs / 1000)} s`, {
        hint: 'Use stream: true for long answers, or try a smaller model.',
      });
    }
    if (clientSignal.aborted) throw new ApiError(400, 'cancelled', 'The client cancelled the request');
    throw unreachable(upstream, error);
  } finally {
    clearTimeout(timer);
  }
}
