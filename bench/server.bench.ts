// What harombe's HTTP server adds on top of the model: time to first token, relay throughput, 200 concurrent
// streams and idle memory — each through harombe and straight to the Ollama stand-in, in the same run.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { percentile, printTable } from './support';


const SEQUENTIAL = 300;
const CONCURRENT = 200;
const RELAY_TOKENS = 100_000;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startHarombe(ollamaUrl: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const home = await mkdtemp(join(tmpdir(), 'harombe-bench-'));
  await writeFile(join(home, 'harombe.yaml'), `model:\n  name: qwen2.5:7b\nollama:\n  host: ${ollamaUrl}\ntools:\n  sandbox: none\n  web_search: false\n`);
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
    for (let index = 0; index < 30; index += 1) {
      await streamOnce(paths.direct, v1Body(), 'Hello');
      await streamOnce(paths.v1, v1Body(), 'Hello');
      await streamOnce(paths.stream, { message: 'bench' }, 'event: token');
    }
    const first = { direct: [] as number[], v1: [] as number[], stream: [] as number[] };
    for (let index = 0; index < SEQUENTIAL; index += 1) {
      first.direct.push((await streamOnce(paths.direct, v1Body(), 'Hello')).firstMs);
      first.v1.push((await streamOnce(paths.v1, v1Body(), 'Hello')).firstMs);
      first.stream.push((await streamOnce(paths.stream, { message: 'bench' }, 'event: token')).firstMs);
    }
    const added = (values: number[], p: number) => percentile(values, p) - percentile(first.direct, p);
    console.log(`\nTime to first token, ${SEQUENTIAL} sequential requests (ms):`);
    printTable([
      { path: 'stand-in /v1 directly', p50: percentile(first.direct, 50), p99: percentile(first.direct, 99), 'added p50': 0, 'added p99': 0 },
      { path: 'harombe /v1/chat/completions', p50: percentile(first.v1, 50), p99: percentile(first.v1, 99), 'added p50': added(first.v1, 50), 'added p99': added(first.v1, 99) },
      { path: 'harombe /chat/stream (agent)', p50: percentile(first.stream, 50), p99: percentile(first.stream, 99), 'added p50': added(first.stream, 50), 'added p99': added(first.stream, 99) },
    ]);

    const relayBody = { ...v1Body(), messages: [{ role: 'user', content: 'relay' }] };
    const directRelay = await streamOnce(paths.direct, relayBody, 't0');
    const v1Relay = await streamOnce(paths.v1, relayBody, 't0');
    const agentRelay = await streamOnce(paths.stream, { message: 'relay' }, 'event: token');
    console.log(`\nOne stream of ${RELAY_TOKENS.toLocaleString('en')} tokens:`);
    printTable([
      { path: 'stand-in /v1 directly', 'tokens/s': Math.round(RELAY_TOKENS / (directRelay.totalMs / 1000)), ms: directRelay.totalMs },
      { path: 'harombe /v1/chat/completions', 'tokens/s': Math.round(RELAY_TOKENS / (v1Relay.totalMs / 1000)), ms: v1Relay.totalMs },
      { path: 'harombe /chat/stream (agent)', 'tokens/s': Math.round(RELAY_TOKENS / (agentRelay.totalMs / 1000)), ms: agentRelay.totalMs },
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
    await standIn.stop();
  }
}

await main();
