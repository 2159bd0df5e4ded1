// What harombe's HTTP server adds on top of the model: time to first token, relay throughput, 200 concurrent
// streams and idle memory — each through harombe and straight to the Ollama stand-in, in the same run.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarombeRuntime } from '../src/main/runtime';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { percentile, printTable } from './support';


const SEQUENTIAL = 300;
const IN_PROCESS_SEQUENTIAL = 1_000;
const CONCURRENT = 200;
const RELAY_TOKENS = 100_000;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startHarombe(ollamaUrl: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const home = await mkdtemp(join(tmpdir(), 'harombe-bench-'));
  await writeFile(join(home, 'harombe.yaml'), configYaml(ollamaUrl));
  const child = spawn(process.execPath, ['bin/harombe.js', 'start', '--port', '0'], { env: { ...process.env, HAROMBE_HOME: home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`harombe exited ${code}: ${output}`)));
  });
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

/** Streams one request; returns ms to the first content byte after the headers and the total ms. */
async function streamOnce(url: string, body: unknown, firstMarker: string): Promise<{ firstMs: number; totalMs: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`);
  const decoder = new TextDecoder();
  let firstMs = Number.NaN;
  let bytes = 0;
  let seen = '';
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    if (Number.isNaN(firstMs)) {
      seen += decoder.decode(chunk, { stream: true });
      if (seen.includes(firstMarker)) firstMs = performance.now() - started;
    }
  }
  return { firstMs, totalMs: performance.now() - started, bytes };
}

const v1Body = (stream = true) => ({ model: 'qwen2.5:7b', stream, messages: [{ role: 'user', content: 'bench' }] });

const configYaml = (ollamaUrl: string) => `model:\n  name: qwen2.5:7b\nollama:\n  host: ${ollamaUrl}\ntools:\n  sandbox: none\n  web_search: false\n`;

/** The three paths' times to the first token, taking turns so that a busy moment hits all three alike. */
async function firstTokenTimes(paths: { direct: string; v1: string; stream: string }, count: number) {
  for (let index = 0; index < 30; index += 1) {
    await streamOnce(paths.direct, v1Body(), 'Hello');
    await streamOnce(paths.v1, v1Body(), 'Hello');
    await streamOnce(paths.stream, { message: 'bench' }, 'event: token');
  }
  const first = { direct: [] as number[], v1: [] as number[], stream: [] as number[] };
  for (let index = 0; index < count; index += 1) {
    first.direct.push((await streamOnce(paths.direct, v1Body(), 'Hello')).firstMs);
    first.v1.push((await streamOnce(paths.v1, v1Body(), 'Hello')).firstMs);
    first.stream.push((await streamOnce(paths.stream, { message: 'bench' }, 'event: token')).firstMs);
  }
  return first;
}

function printFirstTokens(title: string, first: { direct: number[]; v1: number[]; stream: number[] }): void {
  const added = (values: number[], p: number) => percentile(values, p) - percentile(first.direct, p);
  console.log(`\n${title}`);
  printTable([
    { path: 'stand-in /v1 directly', p50: percentile(first.direct, 50), p99: percentile(first.direct, 99), 'added p50': 0, 'added p99': 0 },
    { path: 'harombe /v1/chat/completions', p50: percentile(first.v1, 50), p99: percentile(first.v1, 99), 'added p50': added(first.v1, 50), 'added p99': added(first.v1, 99) },
    { path: 'harombe /chat/stream (agent)', p50: percentile(first.stream, 50), p99: percentile(first.stream, 99), 'added p50': added(first.stream, 50), 'added p99': added(first.stream, 99) },
  ]);
}

/**
 * harombe's server in this process (client, stand-in and server share one event loop): what harombe's own work adds,
 * without a second process competing for the two cores or the extra hop between processes.
 */
async function inProcessFigures(standIn: OllamaStandIn): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'harombe-bench-'));
  const previousHome = process.env['HAROMBE_HOME'];
  process.env['HAROMBE_HOME'] = home;
  await writeFile(join(home, 'harombe.yaml'), configYaml(standIn.url));
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const runtime = await HarombeRuntime.create({ configPath: join(home, 'harombe.yaml'), port: 0, logger: quiet });
  try {
    const { url } = await runtime.start();
    const first = await firstTokenTimes({ direct: `${standIn.url}/v1/chat/completions`, v1: `${url}/v1/chat/completions`, stream: `${url}/chat/stream` }, IN_PROCESS_SEQUENTIAL);
    printFirstTokens(`Time to first token, harombe's server in the bench's own process, ${IN_PROCESS_SEQUENTIAL} sequential requests (ms):`, first);
  } finally {
    await runtime.stop({ graceDeadlineMs: 500 });
    if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
    else process.env['HAROMBE_HOME'] = previousHome;
  }
}

/** Median of three runs of one long stream (a single run swings by a third on a shared machine). */
async function relayRate(url: string, body: unknown, marker: string): Promise<{ 'tokens/s': number; ms: number }> {
  const runs: number[] = [];
  for (let index = 0; index < 3; index += 1) runs.push((await streamOnce(url, body, marker)).totalMs);
  const ms = percentile(runs, 50);
  return { 'tokens/s': Math.round(RELAY_TOKENS / (ms / 1000)), ms };
}

async function main(): Promise<void> {
  const standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  standIn.on({ lastUserMessage: 'relay' }).reply(Array.from({ length: RELAY_TOKENS }, (_, index) => `t${index % 10}`));
  standIn.otherwise().reply(['Hello', ' there', ', friend', '.']);
  const harombe = await startHarombe(standIn.url);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    global.gc?.();
    const idleRss = await rssMb(harombe.pid);

    const paths = {
      direct: `${standIn.url}/v1/chat/completions`,
      v1: `${harombe.url}/v1/chat/completions`,
      stream: `${harombe.url}/chat/stream`,
    };
    const first = await firstTokenTimes(paths, SEQUENTIAL);
    printFirstTokens(`Time to first token, \`harombe start\` as its own process, ${SEQUENTIAL} sequential requests (ms):`, first);

    const relayBody = { ...v1Body(), messages: [{ role: 'user', content: 'relay' }] };
    console.log(`\nOne stream of ${RELAY_TOKENS.toLocaleString('en')} tokens (median of 3):`);
    printTable([
      { path: 'stand-in /v1 directly', ...(await relayRate(paths.direct, relayBody, 't0')) },
      { path: 'harombe /v1/chat/completions', ...(await relayRate(paths.v1, relayBody, 't0')) },
      { path: 'harombe /chat/stream (agent)', ...(await relayRate(paths.stream, { message: 'relay' }, 'event: token')) },
    ]);

    const concurrent = async (url: string, body: unknown, marker: string) => {
      const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => streamOnce(url, body, marker)));
      const ok = results.filter((result) => result.status === 'fulfilled').map((result) => result.value.firstMs);
      return { errors: results.length - ok.length, p50: percentile(ok, 50), p99: percentile(ok, 99) };
    };
    const directConcurrent = await concurrent(paths.direct, v1Body(), 'Hello');
    const v1Concurrent = await concurrent(paths.v1, v1Body(), 'Hello');
    const streamConcurrent = await concurrent(paths.stream, { message: 'bench' }, 'event: token');
    const busyRss = await rssMb(harombe.pid);
    console.log(`\n${CONCURRENT} concurrent streams (time to first token, ms):`);
    printTable([
      { path: 'stand-in /v1 directly', errors: directConcurrent.errors, p50: directConcurrent.p50, p99: directConcurrent.p99, 'added p99': 0 },
      { path: 'harombe /v1/chat/completions', errors: v1Concurrent.errors, p50: v1Concurrent.p50, p99: v1Concurrent.p99, 'added p99': v1Concurrent.p99 - directConcurrent.p99 },
      { path: 'harombe /chat/stream (agent)', errors: streamConcurrent.errors, p50: streamConcurrent.p50, p99: streamConcurrent.p99, 'added p99': streamConcurrent.p99 - directConcurrent.p99 },
    ]);
    console.log(`\nServer memory: idle RSS ${idleRss.toFixed(1)} MB; after the concurrent run ${busyRss.toFixed(1)} MB`);
  } finally {
    harombe.stop();
  }
  await inProcessFigures(standIn);
  await standIn.stop();
}

await main();
