// What a web search provider is, and the one fetch every provider makes: time-boxed, cancellable, failures in words.
import { formatDuration } from '../../shared/format';

export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

export type FetchFunction = typeof fetch;

export interface SearchProvider {
  /** Shown in messages: "DuckDuckGo", "SearXNG at https://searx.example". */
  readonly label: string;
  search(query: string, options: { maxResults: number; signal: AbortSignal }): Promise<SearchResult[]>;
}

/** A search that failed; the message is already what the model and the person should read. */
export class SearchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SearchError';
  }
}

export interface ProviderRequest {
  url: URL;
  init: RequestInit;
  fetch: FetchFunction;
  timeoutMs: number;
  signal: AbortSignal;
  /** What to suggest when the host cannot be reached. */
  hint: string;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** Fetches with a deadline; a refused connection, a DNS failure or a deadline becomes a SearchError saying what to do. */
export async function fetchForSearch(request: ProviderRequest): Promise<Response> {
  const deadline = AbortSignal.timeout(request.timeoutMs);
  try {
    return await request.fetch(request.url, { ...request.init, signal: AbortSignal.any([request.signal, deadline]) });
  } catch (error) {
    if (request.signal.aborted) throw error;
    const host = request.url.host;
    if (deadline.aborted) {
      throw new SearchError(`web search failed: ${host} did not answer within ${formatDuration(request.timeoutMs)}; ${request.hint}`, { cause: error });
    }
    throw new SearchError(`web search failed: could not reach ${host} (${networkReason(error)}); ${request.hint}`, { cause: error });
  }
}

const MAX_SNIPPET_CHARACTERS = 300;

/** Collapses the whitespace HTML leaves behind and keeps snippets short enough for a list. */
export function cleanText(text: string, maxCharacters = MAX_SNIPPET_CHARACTERS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxCharacters ? `${flat.slice(0, maxCharacters - 1).trimEnd()}…` : flat;
}
