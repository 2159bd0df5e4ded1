// web_search: a few results (title, URL, snippet) from DuckDuckGo, or from SearXNG when tools.searxng_url is set.
import { z } from 'zod';
import { DuckDuckGoSearch } from './duckduckgo-search';
import { SearchError } from './search-provider';
import type { FetchFunction, SearchProvider, SearchResult } from './search-provider';
import { SearxngSearch } from './searxng-search';
import { defineTool } from './tool';
import type { Tool } from './tool';

export const WEB_SEARCH_DEFAULT_RESULTS = 5;
export const WEB_SEARCH_MAX_RESULTS = 10;

const webSearchInput = z.object({
  query: z.string().trim().min(1).describe('What to search the web for'),
  max_results: z
    .number()
    .int()
    .min(1)
    .max(WEB_SEARCH_MAX_RESULTS)
    .default(WEB_SEARCH_DEFAULT_RESULTS)
    .describe(`How many results to return (1–${WEB_SEARCH_MAX_RESULTS}, default ${WEB_SEARCH_DEFAULT_RESULTS})`),
});
export type WebSearchInput = z.infer<typeof webSearchInput>;

export interface WebSearchToolOptions {
  /** tools.searxng_url; DuckDuckGo when absent. */
  searxngUrl?: string;
  /** DuckDuckGo's results page; tests point it at a local stand-in. */
  duckDuckGoUrl?: string;
  fetch?: FetchFunction;
  timeoutMs?: number;
}

export function formatSearchResults(query: string, results: readonly SearchResult[]): string {
  if (results.length === 0) return `No results for "${query}".`;
  return results
    .map((result, index) => `${index + 1}. ${result.title} — ${result.url}${result.snippet ? `\n   ${result.snippet}` : ''}`)
    .join('\n');
}

export function createSearchProvider(options: WebSearchToolOptions = {}): SearchProvider {
  const shared = { ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  if (options.searxngUrl) return new SearxngSearch({ baseUrl: options.searxngUrl, ...shared });
  return new DuckDuckGoSearch({ ...(options.duckDuckGoUrl ? { baseUrl: options.duckDuckGoUrl } : {}), ...shared });
}

export function createWebSearchTool(options: WebSearchToolOptions = {}): Tool<WebSearchInput> {
  const provider = createSearchProvider(options);
  return defineTool<WebSearchInput>({
    name: 'web_search',
    description: `Search the web (${provider.label}). Returns a numbered list of results: title, URL and a short snippet.`,
    inputSchema: webSearchInput,
    dangerous: false,
    describe: ({ query }) => `search the web for "${query}"`,
    async execute({ query, max_results }, { signal }) {
      try {
        return { ok: true, output: formatSearchResults(query, await provider.search(query, { maxResults: max_results, signal })) };
      } catch (error) {
        if (error instanceof SearchError) return { ok: false, output: error.message };
        throw error;
      }
    },
  });
}
