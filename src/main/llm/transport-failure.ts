// What kind of failure an error from fetch, the openai SDK or the ollama package is, so it can be told to a person.
import type { APIError } from 'openai';
import { loadedOpenAI } from './openai-sdk';
import { StreamErrorPayload } from './chat-chunk-decoder';
import { DeadlineExpired } from './inactivity-deadline';

export type ClientFailure =
  /** Nothing listens there, or the host does not resolve. */
  | { kind: 'refused'; detail: string }
  /** The connection was lost before the answer was complete. */
  | { kind: 'dropped'; detail: string }
  /** The server answered with an error status; `detail` is its own error text. */
  | { kind: 'http'; status: number; detail: string }
  /** The server reported an error inside a stream it had started. */
  | { kind: 'stream_error'; detail: string }
  /** The answer could not be read (not JSON, not the expected shape). */
  | { kind: 'malformed'; detail: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'unknown'; detail: string };

/** Where a failure happened, for the message. */
export interface FailureContext {
  /** The server as a person knows it: `http://localhost:11434`. */
  endpoint: string;
  model?: string;
  timeoutMs?: number;
  /** What was being done: `chat`, `pull`, `show`, `delete`, `list`... */
  operation?: string;
}

const CANNOT_CONNECT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** Node's and undici's own timers (undici cuts a silent body after 5 minutes whatever ours says). */
const TIMED_OUT = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
/** What the ollama package throws when a stream ends before its `done`/`success` line. */
const OLLAMA_STREAM_CUT = 'Did not receive done or success response in stream.';
const MAX_DETAIL = 300;

/** A server's error text on one line and of a readable length. */
export function tidyDetail(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL - 1)}…` : line;
}

/** Every error in a cause chain (AggregateError members included), the outermost first. */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const pending = [error];
  while (pending.length > 0 && chain.length < 20) {
    const current = pending.shift();
    if (current === undefined || current === null || chain.includes(current)) continue;
    chain.push(current);
    if (typeof current === 'object') {
      if ('cause' in current) pending.push(current.cause);
      if ('errors' in current && Array.isArray(current.errors)) pending.push(...(current.errors as unknown[]));
    }
  }
  return chain;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : String(error);
}

/** The server's own words from an SDK APIError body (`{"error":{"message":...}}` or Ollama's `{"error":"..."}`). */
function apiErrorText(error: APIError): string {
  const body: unknown = error.error;
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null) {
    if ('message' in body && typeof body.message === 'string') return body.message;
    if ('error' in body && typeof body.error === 'string') return body.error;
  }
  return error.message;
}

/** The SDK's error classes; none can have been thrown before the SDK loaded. */
function isSdkError(error: unknown, name: 'APIError' | 'APIUserAbortError' | 'APIConnectionTimeoutError'): boolean {
  const sdk = loadedOpenAI();
  return sdk !== undefined && error instanceof sdk[name];
}

function isApiError(error: unknown): error is APIError {
  return isSdkError(error, 'APIError');
}

function isAbortError(error: unknown): boolean {
  return isSdkError(error, 'APIUserAbortError') || (error instanceof Error && error.name === 'AbortError');
}

/**
 * Sorts an error into a ClientFailure. `duringStream`: the error came while reading a stream the server had started
 * (the ollama package then throws plain Errors carrying the server's `error` line).
 */
export function classifyFailure(error: unknown, options: { duringStream?: boolean } = {}): ClientFailure {
  const chain = errorChain(error);
  if (chain.some((link) => link instanceof DeadlineExpired || isSdkError(link, 'APIConnectionTimeoutError'))) {
    return { kind: 'timeout' };
  }
  if (isApiError(error) && typeof error.status === 'number') {
    return { kind: 'http', status: error.status, detail: tidyDetail(apiErrorText(error)) };
  }
  if (isApiError(error) && error.status === undefined && error.error !== undefined) {
    return { kind: 'stream_error', detail: tidyDetail(apiErrorText(error)) };
  }
  if (error instanceof StreamErrorPayload) return { kind: 'stream_error', detail: tidyDetail(error.message) };
  // The ollama package's ResponseError: { error: string, status_code: number }.
  if (error instanceof Error && error.name === 'ResponseError' && 'status_code' in error) {
    return { kind: 'http', status: Number(error.status_code), detail: tidyDetail(error.message) };
  }
  const codes = chain.map(codeOf).filter((code): code is string => code !== undefined);
  if (codes.some((code) => TIMED_OUT.has(code))) return { kind: 'timeout' };
  const cannotConnect = codes.find((code) => CANNOT_CONNECT.has(code));
  if (cannotConnect) return { kind: 'refused', detail: cannotConnect };
  const lost = codes.find((code) => CONNECTION_LOST.has(code));
  if (lost || chain.some((link) => messageOf(link) === 'terminated' || messageOf(link) === OLLAMA_STREAM_CUT)) {
    return { kind: 'dropped', detail: lost ?? 'connection closed' };
  }
  if (chain.some(isAbortError)) return { kind: 'aborted' };
  if (error instanceof SyntaxError) return { kind: 'malformed', detail: tidyDetail(error.message) };
  if (options.duringStream && error instanceof Error && error.constructor === Error) {
    return { kind: 'stream_error', detail: tidyDetail(error.message) };
  }
  return { kind: 'unknown', detail: tidyDetail(messageOf(error)) };
}
