// web_search against local stand-ins for DuckDuckGo and SearXNG; nothing here reaches the internet.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDuckDuckGoResults, unwrapDuckDuckGoLink } from './duckduckgo-search';
import type { ToolResult } from './tool';
import { createWebSearchTool } from './web-search-tool';
import type { WebSearchToolOptions } from './web-search-tool';

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

interface SeenRequest {
  method: string;
  url: string;
  body: string;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ base: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', body });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function search(options: WebSearchToolOptions, input: { query: string; max_results?: number }): Promise<ToolResult> {
  const tool = createWebSearchTool(options);
  return tool.execute(tool.inputSchema.parse(input), { workspace: '/unused', signal: new AbortController().signal });
}

describe('DuckDuckGo results page', () => {
  it('finds titles, real URLs and snippets, skipping ads', async () => {
    const results = await parseDuckDuckGoResults(await fixture('duckduckgo-results.html'));
    expect(results.map((result) => result.url)).toEqual([
      'https://github.com/containers/bubblewrap',
      'https://wiki.archlinux.org/title/Bubblewrap#Filesystem_isolation',
      'https://manpages.debian.org/bookworm/bubblewrap/bwrap.1.en.html?lang=en&x=1',
      'https://www.example.org/blog/sandboxing-shell-commands',
      'https://lwn.net/Articles/686113/',
      'https://news.ycombinator.com/item?id=30828373',
    ]);
    expect(results[0]).toEqual({
      title: 'GitHub - containers/bubblewrap: Low-level unprivileged sandboxing tool used by Flatpak and similar projects',
      url: 'https://github.com/containers/bubblewrap',
      snippet: expect.stringMatching(/^Low-level unprivileged sandboxing tool used by Flatpak/),
    });
    expect(results[3]).toMatchObject({ title: 'Sandboxing shell commands with "bwrap" — a practical guide', snippet: '' });
  });

  it('unwraps only DuckDuckGo redirect links', () => {
    expect(unwrapDuckDuckGoLink('//duckduckgo.com/l/?uddg=https%3A%2F%2Fexample.com%2Fa%3Fb%3Dc&rut=1')).toBe('https://example.com/a?b=c');
    expect(unwrapDuckDuckGoLink('https://duckduckgo.com/y.js?ad_domain=x')).toBeUndefined();
    expect(unwrapDuckDuckGoLink('https://example.com/direct')).toBe('https://example.com/direct');
    expect(unwrapDuckDuckGoLink('javascript:alert(1)')).toBeUndefined();
  });
});

describe('web_search', () => {
  it('posts the query to DuckDuckGo and answers with a numbered list', async () => {
    const html = await fixture('duckduckgo-results.html');
    const { base, seen } = await serve((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    const result = await search({ duckDuckGoUrl: `${base}/html/` }, { query: 'bubblewrap sandbox', max_results: 2 });
    expect(result.ok).toBe(true);
    expect(result.output).toBe(
      [
        '1. GitHub - containers/bubblewrap: Low-level unprivileged sandboxing tool used by Flatpak and similar projects — https://github.com/containers/bubblewrap',
        '   Low-level unprivileged sandboxing tool used by Flatpak and similar projects - containers/bubblewrap. Bubblewrap works by creating a new, completely empty, mount namespace where the root is on a tmpfs that is invisible from the host.',
        '2. Bubblewrap - ArchWiki — https://wiki.archlinux.org/title/Bubblewrap#Filesystem_isolation',
        '   Bubblewrap is a lightweight setuid sandbox application developed from Flatpak with a small installation footprint and minimal resource requirements. Notable features include support for cgroup/IPC/mount/network/PID/user/UTS namespaces & seccomp filtering.',
      ].join('\n'),
    );
    expect(seen).toEqual([{ method: 'POST', url: '/html/', body: 'q=bubblewrap+sandbox&b=' }]);
  });

  it('returns five results by default and never more than ten', async () => {
    const html = await fixture('duckduckgo-results.html');
    const { base } = await serve((_request, response) => response.end(html));
    const result = await search({ duckDuckGoUrl: `${base}/html/` }, { query: 'bubblewrap' });
    expect(result.output.match(/^\d+\. /gm)).toHaveLength(5);
    expect(createWebSearchTool().inputSchema.safeParse({ query: 'x', max_results: 11 }).success).toBe(false);
  });

  it('says so when there are no results', async () => {
    const html = await fixture('duckduckgo-no-results.html');
    const { base } = await serve((_request, response) => response.end(html));
    expect(await search({ duckDuckGoUrl: `${base}/html/` }, { query: 'zxqvbnm harombe nothing' })).toEqual({ ok: true, output: 'No results for "zxqvbnm harombe nothing".' });
  });

  it('explains a CAPTCHA page instead of returning nothing', async () => {
    const html = await fixture('duckduckgo-challenge.html');
    const { base } = await serve((_request, response) => response.writeHead(202).end(html));
    const result = await search({ duckDuckGoUrl: `${base}/html/` }, { query: 'anything' });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/web search failed: 127\.0\.0\.1:\d+ asked for a CAPTCHA .*set tools\.searxng_url/);
  });

  it('uses SearXNG\'s JSON API when tools.searxng_url is set', async () => {
    const json = await fixture('searxng-results.json');
    const { base, seen } = await serve((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(json));
    const result = await search({ searxngUrl: `${base}/searx/` }, { query: 'bubblewrap sandbox' });
    expect(result).toEqual({
      ok: true,
      output: [
        '1. GitHub - containers/bubblewrap: Low-level unprivileged sandboxing tool used by Flatpak and similar projects — https://github.com/containers/bubblewrap',
        '   Low-level unprivileged sandboxing tool used by Flatpak and similar projects - containers/bubblewrap',
        '2. Bubblewrap - ArchWiki — https://wiki.archlinux.org/title/Bubblewrap',
        '   Bubblewrap is a lightweight setuid sandbox application developed from Flatpak with a small installation footprint and minimal resource requirements.',
        '3. bwrap(1) — bubblewrap — Debian bookworm — https://manpages.debian.org/bookworm/bubblewrap/bwrap.1.en.html',
      ].join('\n'),
    });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/searx/search?q=bubblewrap+sandbox&format=json' });
  });

  it('tells the user to enable SearXNG\'s JSON format when it answers 403', async () => {
    const { base } = await serve((_request, response) => response.writeHead(403).end('Forbidden'));
    const result = await search({ searxngUrl: base }, { query: 'x' });
    expect(result).toEqual({
      ok: false,
      output: `web search failed: SearXNG at ${base} refused the JSON API (HTTP 403); enable it by adding "json" to search.formats in its settings.yml`,
    });
  });

  it('says which host it could not reach and what to do', async () => {
    // A port that was just free: nothing listens there.
    const { base } = await serve(() => undefined);
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const result = await search({ duckDuckGoUrl: `${base}/html/` }, { query: 'x' });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^web search failed: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\); check your connection, or set tools\.searxng_url/);
  });

  it('gives up on a server that does not answer in time', async () => {
    const { base } = await serve(() => undefined);
    const result = await search({ searxngUrl: base, timeoutMs: 200 }, { query: 'x' });
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^web search failed: 127\.0\.0\.1:\d+ did not answer within 200 ms; check that the SearXNG instance/);
  });
});
