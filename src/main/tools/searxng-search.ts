// Web search through a SearXNG instance's JSON API (tools.searxng_url): /search?q=…&format=json.
import { z } from 'zod';
import { cleanText, fetchForSearch, SearchError } from './search-provider';
import type { FetchFunction, SearchProvider, SearchResult } from './search-provider';

const searxngResponseSchema = z.object({
  results: z.array(z.object({ title: z.string().default(''), url: z.string(), content: z.string().nullish() }).loose()),
});

export interface SearxngOptions {
  baseUrl: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
}

export class SearxngSearch implements SearchProvider {
  readonly label: string;
  private readonly fetch: FetchFunction;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: SearxngOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.label = `SearXNG at ${this.baseUrl}`;
  }

  async search(query: string, { maxResults, signal }: { maxResults: number; signal: AbortSignal }): Promise<SearchResult[]> {
    const url = new URL(`${this.baseUrl}/search`);
    url.searchParams.set('q', query);
    url.searchParams.set('format', 'json');
    const response = await fetchForSearch({
      url,
      init: { headers: { accept: 'application/json' } },
      fetch: this.fetch,
      timeoutMs: this.timeoutMs,
      signal,
      hint: `check that the SearXNG instance at ${this.baseUrl} is running (tools.searxng_url)`,
    });
    if (response.status === 403) {
      throw new SearchError(
        `web search failed: ${this.label} refused the JSON API (HTTP 403); enable it by adding "json" to search.formats in its settings.yml`,
      );
    }
    if (!response.ok) throw new SearchError(`web search failed: ${this.label} answered HTTP ${response.status}`);
    const body = searxngResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!body.success) throw new SearchError(`web search failed: ${this.label} did not answer with SearXNG's JSON results; is tools.searxng_url right?`);
    return body.data.results.slice(0, maxResults).map((result) => ({
      title: cleanText(result.title || result.url, 200),
      url: result.url,
      snippet: cleanText(result.content ?? ''),
    }));
  }
}
