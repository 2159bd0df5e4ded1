// The web search providers with a fetch stand-in (no socket): results as parsed from a page, what is sent, failures in words.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DUCKDUCKGO_HTML_URL, DuckDuckGoSearch, parseDuckDuckGoResults, unwrapDuckDuckGoLink } from './duckduckgo-search';
import { cleanText, SearchError } from './search-provider';
import type { FetchFunction } from './search-provider';
import { SearxngSearch } from './searxng-search';

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that records each request and answers with `answer` (or throws it). */
function fetchStandIn(answer: () => Response | Promise<Response>): { fetch: FetchFunction; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    return answer();
  }) as FetchFunction;
  return { fetch, sent };
}

/** A fetch that fails as undici does: a TypeError whose cause says why. */
function failingFetch(error: unknown): FetchFunction {
  return (async () => {
    throw error;
  }) as FetchFunction;
}

/** A fetch that never answers, only giving up when its signal aborts. */
const silentFetch = ((_input: unknown, init?: RequestInit) =>
  new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as FetchFunction;

const options = (maxResults = 10) => ({ maxResults, signal: new AbortController().signal });

/** One result block as DuckDuckGo's no-JavaScript page writes it. */
function block(href: string, title: string, snippet?: string, extraClass = ''): string {
  return `<div class="result results_links web-result ${extraClass}"><h2 class="result__title"><a class="result__a" href="${href}">${title}</a></h2>${
    snippet === undefined ? '' : `<a class="result__snippet" href="${href}">${snippet}</a>`
  }</div>`;
}
const page = (...blocks: string[]) => `<html><body><div id="links" class="results">${blocks.join('\n')}</div></body></html>`;
const ddg = (target: string) => `//duckduckgo.com/l/?uddg=${encodeURIComponent(target)}&amp;rut=abc`;

async function failure(promise: Promise<unknown>): Promise<SearchError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(SearchError);
  return error as SearchError;
}

describe('a DuckDuckGo results page', () => {
  it('gives each result its title, real URL and snippet, in the page\'s order, skipping the ad', async () => {
    const results = await parseDuckDuckGoResults(await fixture('duckduckgo-results.html'));
    expect(results).toHaveLength(6);
    expect(results[0]).toEqual({
      title: 'GitHub - containers/bubblewrap: Low-level unprivileged sandboxing tool used by Flatpak and similar projects',
      url: 'https://github.com/containers/bubblewrap',
      snippet:
        'Low-level unprivileged sandboxing tool used by Flatpak and similar projects - containers/bubblewrap. Bubblewrap works by creating a new, completely empty, mount namespace where the root is on a tmpfs that is invisible from the host.',
    });
    expect(results.some((result) => result.title.includes('Example VPN'))).toBe(false);
    expect(await parseDuckDuckGoResults(await fixture('duckduckgo-no-results.html'))).toEqual([]);
  });

  it('flattens the whitespace of titles and snippets, and cuts long ones with an ellipsis', async () => {
    const longSnippet = `${'word '.repeat(100)}end`;
    const [result] = await parseDuckDuckGoResults(page(block(ddg('https://example.com/a'), '  A   <b>bold</b>\n title ', longSnippet)));
    expect(result?.title).toBe('A bold title');
    expect(result?.snippet).toBe(`${'word '.repeat(59)}word…`);
    expect(result?.snippet).toHaveLength(300);
    const [long] = await parseDuckDuckGoResults(page(block('https://example.com/b', 't'.repeat(250))));
    expect(long?.title).toBe(`${'t'.repeat(199)}…`);
  });

  it('leaves out ads, the no-results card, results without a link or a title, and links that are not the web', async () => {
    const results = await parseDuckDuckGoResults(
      page(
        block(ddg('https://ad.example/'), 'Sponsored', 'buy', 'result--ad'),
        block(ddg('https://none.example/'), 'No results.', '', 'result--no-result'),
        '<div class="result"><a class="result__snippet">a snippet alone</a></div>',
        block(ddg('https://example.com/empty-title'), '   '),
        block('javascript:alert(1)', 'Script'),
        block('https://example.com/kept', 'Kept', 'first snippet'),
      ),
    );
    expect(results).toEqual([{ title: 'Kept', url: 'https://example.com/kept', snippet: 'first snippet' }]);
  });

  it('takes the first title link and the first snippet of a result', async () => {
    const html = page(
      `<div class="result"><a class="result__a" href="https://example.com/one">One</a><a class="result__a" href="https://example.com/two">Two</a>` +
        `<a class="result__snippet">first</a><a class="result__snippet">second</a></div>`,
    );
    expect(await parseDuckDuckGoResults(html)).toEqual([{ title: 'One', url: 'https://example.com/one', snippet: 'first' }]);
  });
});

describe('DuckDuckGo links', () => {
  it('unwraps the redirect to the real address, on any DuckDuckGo host', () => {
    expect(unwrapDuckDuckGoLink('//duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc&rut=1')).toBe('https://example.com/a?b=c');
    expect(unwrapDuckDuckGoLink('https://html.duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.com%2F')).toBe('https://example.com/');
    expect(unwrapDuckDuckGoLink('/l/?uddg=https%3A%2F%2Fexample.org%2Fx')).toBe('https://example.org/x');
  });

  it('drops DuckDuckGo\'s own pages (ads, a redirect without a target)', () => {
    expect(unwrapDuckDuckGoLink('https://duckduckgo.com/y.js?ad_domain=x&uddg=https%3A%2F%2Fad.example%2F')).toBeUndefined();
    expect(unwrapDuckDuckGoLink('//duckduckgo.com/l/?rut=1')).toBeUndefined();
    expect(unwrapDuckDuckGoLink('')).toBeUndefined();
  });

  it('keeps a site whose name merely ends in duckduckgo.com, and only http(s) addresses', () => {
    expect(unwrapDuckDuckGoLink('https://notduckduckgo.com/page')).toBe('https://notduckduckgo.com/page');
    expect(unwrapDuckDuckGoLink('http://example.com/plain')).toBe('http://example.com/plain');
    expect(unwrapDuckDuckGoLink('ftp://example.com/file')).toBeUndefined();
    expect(unwrapDuckDuckGoLink('javascript:alert(1)')).toBeUndefined();
    expect(unwrapDuckDuckGoLink('http://[not-an-address')).toBeUndefined();
  });
});

describe('searching DuckDuckGo', () => {
  it('posts the query as its own search box does, and answers with at most the results asked for', async () => {
    const html = await fixture('duckduckgo-results.html');
    const { fetch, sent } = fetchStandIn(() => new Response(html, { headers: { 'content-type': 'text/html' } }));
    const provider = new DuckDuckGoSearch({ fetch });
    expect(provider.label).toBe('DuckDuckGo');
    const results = await provider.search('bubblewrap & sandbox', options(2));
    expect(results.map((result) => result.url)).toEqual(['https://github.com/containers/bubblewrap', 'https://wiki.archlinux.org/title/Bubblewrap#Filesystem_isolation']);
    expect(sent).toEqual([
      {
        url: DUCKDUCKGO_HTML_URL,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'user-agent': `Mozilla/5.0 (compatible; harombe/${__HAROMBE_VERSION__})`,
          accept: 'text/html',
        },
        body: 'q=bubblewrap+%26+sandbox&b=',
      },
    ]);
  });

  it('says DuckDuckGo answered with an error, and what to do', async () => {
    const { fetch } = fetchStandIn(() => new Response('<html>busy</html>', { status: 503 }));
    const error = await failure(new DuckDuckGoSearch({ fetch }).search('x', options()));
    expect(error.message).toBe('web search failed: html.duckduckgo.com answered HTTP 503; try again later, or set tools.searxng_url to search through a SearXNG instance');
  });

  it('explains a CAPTCHA page, whatever its status', async () => {
    const html = await fixture('duckduckgo-challenge.html');
    for (const status of [200, 202]) {
      const { fetch } = fetchStandIn(() => new Response(html, { status }));
      const error = await failure(new DuckDuckGoSearch({ fetch, baseUrl: 'http://127.0.0.1:9/html/' }).search('x', options()));
      expect(error.message).toBe(
        'web search failed: 127.0.0.1:9 asked for a CAPTCHA (it thinks this is a bot); try again later, or set tools.searxng_url to search through a SearXNG instance',
      );
    }
  });

  it('says it could not reach DuckDuckGo, and why', async () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    const error = await failure(new DuckDuckGoSearch({ fetch: failingFetch(refused) }).search('x', options()));
    expect(error.message).toBe(
      'web search failed: could not reach html.duckduckgo.com (ECONNREFUSED); check your connection, or set tools.searxng_url to search through a SearXNG instance',
    );
    expect(error.cause).toBe(refused);
  });
});

describe('searching SearXNG', () => {
  it('asks its JSON API and gives title, URL and snippet, a missing title shown as the URL', async () => {
    const json = JSON.stringify({
      results: [
        { title: '  Bubblewrap\n - ArchWiki ', url: 'https://wiki.archlinux.org/title/Bubblewrap', content: 'A   lightweight\nsandbox.', engine: 'google' },
        { title: '', url: 'https://example.com/untitled', content: null },
        { url: 'https://example.com/no-title' },
        { title: 'Third', url: 'https://example.com/3', content: 'left out' },
      ],
    });
    const { fetch, sent } = fetchStandIn(() => new Response(json, { headers: { 'content-type': 'application/json' } }));
    const provider = new SearxngSearch({ baseUrl: 'http://127.0.0.1:8888/searx//', fetch });
    expect(provider.label).toBe('SearXNG at http://127.0.0.1:8888/searx');
    expect(await provider.search('sandbox & shell', options(3))).toEqual([
      { title: 'Bubblewrap - ArchWiki', url: 'https://wiki.archlinux.org/title/Bubblewrap', snippet: 'A lightweight sandbox.' },
      { title: 'https://example.com/untitled', url: 'https://example.com/untitled', snippet: '' },
      { title: 'https://example.com/no-title', url: 'https://example.com/no-title', snippet: '' },
    ]);
    expect(sent).toEqual([
      { url: 'http://127.0.0.1:8888/searx/search?q=sandbox+%26+shell&format=json', method: 'GET', headers: { accept: 'application/json' }, body: undefined },
    ]);
  });

  it('tells the user to switch on its JSON format when it answers 403', async () => {
    const { fetch } = fetchStandIn(() => new Response('Forbidden', { status: 403 }));
    const error = await failure(new SearxngSearch({ baseUrl: 'http://127.0.0.1:8888', fetch }).search('x', options()));
    expect(error.message).toBe(
      'web search failed: SearXNG at http://127.0.0.1:8888 refused the JSON API (HTTP 403); enable it by adding "json" to search.formats in its settings.yml',
    );
  });

  it('says which status it answered otherwise, and when the answer is not its JSON', async () => {
    const { fetch: broken } = fetchStandIn(() => new Response('oops', { status: 500 }));
    expect((await failure(new SearxngSearch({ baseUrl: 'http://127.0.0.1:8888', fetch: broken }).search('x', options()))).message).toBe(
      'web search failed: SearXNG at http://127.0.0.1:8888 answered HTTP 500',
    );
    for (const body of ['<html>a login page</html>', JSON.stringify({ answers: [] }), JSON.stringify({ results: [{ title: 'no url' }] })]) {
      const { fetch } = fetchStandIn(() => new Response(body));
      expect((await failure(new SearxngSearch({ baseUrl: 'http://127.0.0.1:8888', fetch }).search('x', options()))).message).toBe(
        "web search failed: SearXNG at http://127.0.0.1:8888 did not answer with SearXNG's JSON results; is tools.searxng_url right?",
      );
    }
  });

  it('says the instance is down, and to check that it runs', async () => {
    const down = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const error = await failure(new SearxngSearch({ baseUrl: 'http://127.0.0.1:8888', fetch: failingFetch(down) }).search('x', options()));
    expect(error.message).toBe(
      'web search failed: could not reach 127.0.0.1:8888 (ECONNREFUSED); check that the SearXNG instance at http://127.0.0.1:8888 is running (tools.searxng_url)',
    );
  });

  it('gives up on an instance that does not answer within its time', async () => {
    const error = await failure(new SearxngSearch({ baseUrl: 'http://127.0.0.1:8888', fetch: silentFetch, timeoutMs: 5 }).search('x', options()));
    expect(error.message).toBe(
      'web search failed: 127.0.0.1:8888 did not answer within 5 ms; check that the SearXNG instance at http://127.0.0.1:8888 is running (tools.searxng_url)',
    );
  });
});

describe('a failed fetch in words', () => {
  const search = (fetch: FetchFunction) => new SearxngSearch({ baseUrl: 'http://127.0.0.1:8888', fetch }).search('x', options());
  const hint = 'check that the SearXNG instance at http://127.0.0.1:8888 is running (tools.searxng_url)';

  it('names the cause\'s code, else its message, else the error\'s own', async () => {
    const dns = new TypeError('fetch failed', { cause: new Error('getaddrinfo EAI_AGAIN searx.local') });
    expect((await failure(search(failingFetch(dns)))).message).toBe(`web search failed: could not reach 127.0.0.1:8888 (getaddrinfo EAI_AGAIN searx.local); ${hint}`);
    expect((await failure(search(failingFetch(new TypeError('fetch failed'))))).message).toBe(`web search failed: could not reach 127.0.0.1:8888 (fetch failed); ${hint}`);
    expect((await failure(search(failingFetch('socket hang up')))).message).toBe(`web search failed: could not reach 127.0.0.1:8888 (socket hang up); ${hint}`);
  });

  it('lets the person\'s own cancel through as it is, not as a failed search', async () => {
    const controller = new AbortController();
    const pending = new SearxngSearch({ baseUrl: 'http://127.0.0.1:8888', fetch: silentFetch }).search('x', { maxResults: 5, signal: controller.signal });
    controller.abort(new Error('stopped by the person'));
    const error = await pending.catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(SearchError);
    expect((error as Error).message).toBe('stopped by the person');
  });

  it('keeps a snippet of exactly 300 characters whole, and cuts at a word\'s end before the ellipsis', () => {
    expect(cleanText('a'.repeat(300))).toBe('a'.repeat(300));
    expect(cleanText(`${'a'.repeat(298)} bcd`)).toBe(`${'a'.repeat(298)}…`);
    expect(cleanText('  two\t\nwords  ')).toBe('two words');
    expect(cleanText('abcdef', 4)).toBe('abc…');
  });
});
