// How a /v1 upstream's failure reads to the client (OpenAI-shaped ApiErrors); which ones fail over is the cluster's rule.
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, statusForFailureCode } from '../api-error';
import type { Upstream } from './upstream-resolver';

export function where(upstream: Upstream): string {
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

/** An answer with an error status, as the client should read it. */
export async function upstreamFailure(response: Response, upstream: Upstream): Promise<ApiError> {
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

/** A request that never got an answer: refused connection, unknown host, a node cut off by its circuit. */
export function unreachable(upstream: Upstream, error: unknown): ApiError {
  const coded = error as { code?: unknown; hint?: unknown; message?: unknown };
  // An LlmError-style failure (a circuit that refuses the node) already says what happened and what to do.
  if (error instanceof Error && typeof coded.code === 'string' && !(error instanceof TypeError)) {
    const code = coded.code === 'unreachable' ? 'upstream_unreachable' : coded.code;
    return new ApiError(statusForFailureCode(coded.code), code, error.message, typeof coded.hint === 'string' ? { hint: coded.hint } : {});
  }
  // fetch says only "fetch failed"; the cause names it (ECONNREFUSED, ENOTFOUND).
  const cause = (error instanceof Error ? (error.cause ?? error) : error) as { code?: unknown; message?: unknown };
  const reason = typeof cause.code === 'string' ? cause.code : typeof cause.message === 'string' ? cause.message : String(error);
  return new ApiError(502, 'upstream_unreachable', `Cannot reach ${where(upstream)}: ${reason}`, {
    hint: 'Check that the model server is running (`ollama serve`) and that ollama.host in harombe.yaml points at it.',
  });
}

/** Every candidate failed before answering: one failure as it was, several listed by node. */
export function noAnswer(failures: readonly { upstream: Upstream; error: ApiError }[]): ApiError {
  const last = failures.at(-1);
  if (!last) {
    return new ApiError(503, 'no_upstream', 'No node can take the request right now', {
      hint: 'GET /cluster/nodes shows each node\'s health; requests go through again as soon as one is back.',
    });
  }
  if (failures.length === 1) return last.error;
  const listed = failures.map(({ upstream, error }) => `${upstream.node}: ${error.message}`).join('; ');
  return new ApiError(last.error.status, last.error.code, `No node could answer (${listed})`, {
    hint: 'GET /cluster/nodes (or `harombe cluster status`) shows each node\'s health and circuit.',
  });
}
