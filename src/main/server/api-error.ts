// An HTTP error a person can act on, and its JSON body: harombe's shape, or OpenAI's for /v1 so OpenAI clients read it.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ApiErrorBody, OpenAiErrorBody, apiIssueSchema } from '../../shared';

export type ApiIssue = z.infer<typeof apiIssueSchema>;

export interface ApiErrorDetails {
  hint?: string;
  issues?: ApiIssue[];
  /** Extra response headers (WWW-Authenticate, Allow). */
  headers?: Record<string, string>;
  /** What went wrong underneath, for the server log only (never sent). */
  cause?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ApiError';
  }
}

export type ErrorStyle = 'harombe' | 'openai';

/** /v1 is OpenAI's dialect, errors included (the contract marks those endpoints `errorStyle: 'openai'`). */
export function errorStyleFor(path: string): ErrorStyle {
  return path === '/v1' || path.startsWith('/v1/') ? 'openai' : 'harombe';
}

function openAiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}

export function errorBody(error: ApiError, style: ErrorStyle): ApiErrorBody | OpenAiErrorBody {
  const { hint, issues } = error.details;
  if (style === 'openai') {
    const firstPath = issues?.[0]?.path.join('.');
    return {
      error: {
        // OpenAI clients show only `message`, so the hint travels inside it.
        message: hint ? `${error.message}. ${hint}` : error.message,
        type: openAiType(error.status),
        code: error.code,
        param: firstPath ? firstPath : null,
      },
    };
  }
  return { error: { code: error.code, message: error.message, ...(hint ? { hint } : {}), ...(issues ? { issues } : {}) } };
}

export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.details.headers ?? {})) c.header(name, value);
  return c.json(errorBody(error, errorStyleFor(c.req.path)), error.status);
}

/** zod issues → 400: each problem named by its path, so the caller can fix the body. */
export function invalidRequest(issues: readonly { path: readonly PropertyKey[]; message: string }[], where = 'request body'): ApiError {
  const listed = issues.map((issue) => ({
    path: issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
    message: issue.message,
  }));
  const summary = listed.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
  return new ApiError(400, 'invalid_request', `Invalid ${where}: ${summary}`, {
    issues: listed,
    hint: 'Fix the listed fields and send the request again; docs/api.md shows each body.',
  });
}

/** JavaScript's own errors, and Node's argument checks (ERR_INVALID_ARG_VALUE): a bug in harombe, not news for the caller. */
function isUnexpectedError(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const { code } = error as Error & { code?: unknown };
  if (typeof code === 'string' && code.startsWith('ERR_')) return true;
  return error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError;
}

export const UNEXPECTED_ERROR_MESSAGE = 'harombe hit an unexpected error';
const UNEXPECTED_ERROR_HINT = 'The server log has the details; please report it.';

/**
 * A failure from a collaborator (LlmError, a store error) → code, message and hint, never a stack trace. An
 * unexpected error's own text (`Maximum call stack size exceeded`) says nothing to the caller: it stays in the log.
 */
export function describeFailure(error: unknown): { code: string; message: string; hint?: string } {
  if (!(error instanceof Error) || isUnexpectedError(error)) return { code: 'internal', message: UNEXPECTED_ERROR_MESSAGE, hint: UNEXPECTED_ERROR_HINT };
  const { code, hint } = error as Error & { code?: unknown; hint?: unknown };
  return {
    code: typeof code === 'string' ? code : 'internal',
    message: error.message,
    ...(typeof hint === 'string' ? { hint } : {}),
  };
}

const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  unreachable: 502,
  server_error: 502,
  bad_response: 502,
  unauthorized: 502,
  bad_request: 502,
  timeout: 504,
  model_missing: 503,
  not_found: 404,
  storage_failed: 500,
  internal: 500,
};

/** What an LLM/agent error code means for an HTTP caller: the model server is down (502), slow (504), missing a model (503). */
export function statusForFailureCode(code: string): ContentfulStatusCode {
  return STATUS_BY_CODE[code] ?? 500;
}

export function failureToApiError(error: unknown, context: string): ApiError {
  if (error instanceof ApiError) return error;
  const failure = describeFailure(error);
  return new ApiError(statusForFailureCode(failure.code), failure.code, `${context}: ${failure.message}`, {
    ...(failure.hint ? { hint: failure.hint } : {}),
    // For the server log (app.ts logs the cause of an `internal` error).
    cause: error,
  });
}
