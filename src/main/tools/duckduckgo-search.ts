// Web search through DuckDuckGo's no-JavaScript results page (html.duckduckgo.com): no key, parsed with cheerio.
import { cleanText, fetchForSearch, SearchError } from './search-provider';
import type { FetchFunction, SearchProvider, SearchResult } from './search-provider';

export const DUCKDUCKGO_HTML_URL = 'https://html.duckduckgo.com/html/';

/** DuckDuckGo links through //duckduckgo.com/l/?uddg=<real URL>; this returns the real one. */
export function unwrapDuckDuckGoLink(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, 'https://duckduckgo.com');
  } catch {
    return undefined;
  }
  // duckduckgo.com and its subdomains only: notduckduckgo.com is a site like any other.
  if (url.hostname === 'duckduckgo.com' || url.hostname.endsWith('.duckduckgo.com')) {
    // URLSearchParams has already percent-decoded it.
    const target = url.pathname === '/l/' ? url.searchParams.get('uddg') : null;
    return target ?? undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

/** Results from the page; ads (result--ad, /y.js links) and the "no results" card are skipped. */
export async function parseDuckDuckGoResults(html: string): Promise<SearchResult[]> {
  // cheerio is big (~35 MB resident); loaded on the first search, not when the server starts.
  const { load } = await import('cheerio');
  const $ = load(html);
  const results: SearchResult[] = [];
  $('.result').each((_index, element) => {
    const result = $(element);
    if (result.hasClass('result--ad') || result.hasClass('result--no-result')) return;
    const link = result.find('a.result__a').first();
    const url = unwrapDuckDuckGoLink(link.attr('href') ?? '');
    const title = cleanText(link.text(), 200);
    if (!url || !title) return;
    results.push({ title, url, snippet: cleanText(result.find('.result__snippet').first().text()) });
  });
  return results;
}

/** DuckDuckGo answers suspected bots with a CAPTCHA page ("anomaly") instead of results. */
function isChallengePage(html: string): boolean {
  return /anomaly-modal|anomaly\.js|challenge-form/i.test(html);
}

export interface DuckDuckGoOptions {
  fetch?: FetchFunction;
  /** The results page (a local stand-in in tests). */
  baseUrl?: string;
  timeoutMs?: number;
}

export class DuckDuckGoSearch implements SearchProvider {
  readonly label = 'DuckDuckGo';
  private readonly fetch: FetchFunction;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: DuckDuckGoOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.baseUrl = options.baseUrl ?? DUCKDUCKGO_HTML_URL;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async search(query: string, { maxResults, signal }: { maxResults: number; signal: AbortSignal }): Promise<SearchResult[]> {
    const url = new URL(this.baseUrl);
    const hint = 'check your connection, or set tools.searxng_url to search through a SearXNG instance';
    // The form posts; a POST is also what the page's own search box sends.
    const response = await fetchForSearch({
      url,
      init: {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': `Mozilla/5.0 (compatible; harombe/${__HAROMBE_VERSION__})`,
          accept: 'text/html',
        },
        body: new URLSearchParams({ q: query, b: '' }).toString(),
      },
      fetch: this.fetch,
      timeoutMs: this.timeoutMs,
      signal,
      hint,
    });
    const html = await response.text();
    if (!response.ok || isChallengePage(html)) {
      const what = isChallengePage(html) ? 'asked for a CAPTCHA (it thinks this is a bot)' : `answered HTTP ${response.status}`;
      throw new SearchError(`web search failed: ${url.host} ${what}; try again later, or set tools.searxng_url to search through a SearXNG instance`);
    }
    return (await parseDuckDuckGoResults(html)).slice(0, maxResults);
  }
}
