// The one HTTP client for model calls: src/main/net's httpFetch (node:http with keep-alive) against an adapter on
// undici's `request` with its redirect, decompress and dump interceptors, both handing the openai SDK a Response.
// A loopback server streams a chat answer (SSE, 40 chunks); each client asks it in turn, sequentially and 50 at a
// time. undici is not a dependency of harombe (cheerio brings it): this bench only measures it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, interceptors, request } from 'undici';
import { httpFetch } from '../src/main/net/http-fetch';
import { percentile, printTable } from './support';

const CHUNKS = 40;
const SEQUENTIAL = 2_000;
const CONCURRENT = 50;
const ROUNDS = 40;

type Fetch = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<Response>;

const dispatcher = new Agent({ keepAliveTimeout: 10_000 }).compose(
  interceptors.redirect({ maxRedirections: 5 }),
  interceptors.decompress(),
  interceptors.dump({ maxSize: 1024 * 1024 }),
);

/** undici's request, shaped as the fetch the SDK wants. */
const undiciFetch: Fetch = async (url, init) => {
  const answer = await request(url, { dispatcher, method: init.method as 'POST', headers: init.headers, body: init.body });
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Response(Readable.toWeb(answer.body) as ReadableStream<Uint8Array>, { status: answer.statusCode, headers });
};

function frames(): Buffer[] {
  const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
  return [...Array.from({ length: CHUNKS }, (_unused, index) => Buffer.from(chunk(` token${index}`))), Buffer.from('data: [DONE]\n\n')];
}

async function startServer(): Promise<{ server: Server; url: string }> {
  const body = frames();
  const server = createServer((incoming, response) => {
    incoming.resume();
    incoming.once('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of body) response.write(piece);
      response.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions` };
}

async function once(fetchImplementation: Fetch, url: string): Promise<number> {
  const started = performance.now();
  const response = await fetchImplementation(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const reader = response.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read());
  return performance.now() - started;
}

async function measure(name: string, fetchImplementation: Fetch, url: string): Promise<Record<string, string | number>> {
  for (let warm = 0; warm < 200; warm += 1) await once(fetchImplementation, url);
  const cpuBefore = process.cpuUsage();
  const latencies: number[] = [];
  for (let index = 0; index < SEQUENTIAL; index += 1) latencies.push(await once(fetchImplementation, url));
  const cpu = process.cpuUsage(cpuBefore);
  const concurrentStarted = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) await Promise.all(Array.from({ length: CONCURRENT }, () => once(fetchImplementation, url)));
  const concurrentMs = performance.now() - concurrentStarted;
  return {
    client: name,
    'p50 ms': percentile(latencies, 50),
    'p95 ms': percentile(latencies, 95),
    'CPU µs/request': ((cpu.user + cpu.system) / SEQUENTIAL),
    [`${CONCURRENT} at once, req/s`]: Math.round((CONCURRENT * ROUNDS) / (concurrentMs / 1000)),
  };
}

const { server, url } = await startServer();
const rows = [];
// Alternated, twice each: neither client always runs on a warmer process.
for (const round of [1, 2]) {
  rows.push({ ...(await measure('httpFetch (src/main/net)', httpFetch as Fetch, url)), round });
  rows.push({ ...(await measure('undici request + interceptors', undiciFetch, url)), round });
}
printTable(rows);
server.closeAllConnections();
server.close();
await dispatcher.close();
