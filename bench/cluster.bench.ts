// What the cluster costs: one routing decision over 10 / 100 / 1,000 nodes; the time to first token and the tokens/s
// a coordinator adds compared with asking the node directly; the CPU of health-checking 1,000 nodes every second.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ChatMessage, HarombeConfigInput } from '../src/shared';
import { harombeConfigSchema } from '../src/shared';
import { Cluster, HealthMonitor, NodeRegistry, Router, type RouteRequest } from '../src/main/cluster';
import { OpenAICompatibleClient, type LlmClient } from '../src/main/llm';
import { OllamaStandIn } from '../test/support/ollama-stand-in';
import { percentile, printTable } from './support';

const MODEL = 'qwen2.5:7b';
const ROUTING_CALLS = 20_000;
const SEQUENTIAL = 300;
const RELAY_TOKENS = 20_000;
const HEALTH_NODES = 1_000;
const HEALTH_WINDOW_MS = 10_000;

// ---- routing ----------------------------------------------------------------------------------------------------

const silentClient: LlmClient = { model: 'm', endpoint: 'nowhere', streamChat: () => [] as never };

/** `count` nodes over three tiers and two models, a tenth unavailable, with assorted load and latency. */
function benchRegistry(count: number): NodeRegistry {
  const registry = new NodeRegistry({ clientFactory: () => silentClient });
  for (let index = 0; index < count; index += 1) {
    const model = index % 2 ? MODEL : 'llama3:8b';
    const node = registry.add({ name: `node-${index}`, host: `10.0.${index >> 8}.${index & 255}`, tier: index % 3, model }, { source: 'config' });
    node.health = {
      status: index % 10 === 0 ? 'unavailable' : 'available',
      reason: 'bench',
      latency_ms: (index * 7919) % 500,
      last_check: null,
      consecutive_failures: 0,
      model_ok: true,
      served_models: [model],
      fix: null,
      recent_latencies_ms: [],
    };
    node.inFlight = index % 4;
  }
  return registry;
}

/** µs per Router.route call: p50 and p99 over ROUTING_CALLS calls, after as many to warm up the JIT. */
function timeRouting(router: Router, request: RouteRequest): { p50: number; p99: number } {
  for (let index = 0; index < ROUTING_CALLS; index += 1) router.route(request);
  const samples: number[] = new Array<number>(ROUTING_CALLS);
  for (let index = 0; index < ROUTING_CALLS; index += 1) {
    const started = process.hrtime.bigint();
    router.route(request);
    samples[index] = Number(process.hrtime.bigint() - started) / 1_000;
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function routingFigures(): void {
  const messages: ChatMessage[] = [{ role: 'user', content: 'Design a cache and compare it with a CDN' }];
  const requests: [string, RouteRequest][] = [
    ['classified', { messages }],
    ['forced tier', { messages, tier: 2 }],
    ['by model name', { messages, model: MODEL }],
  ];
  const rows: Record<string, string | number>[] = [];
  for (const count of [10, 100, 1_000]) {
    const registry = benchRegistry(count);
    const router = new Router({ registry });
    for (const [label, request] of requests) {
      const { p50, p99 } = timeRouting(router, request);
      rows.push({ nodes: count.toLocaleString('en'), request: label, 'p50 µs': p50, 'p99 µs': p99 });
    }
    registry.dispose();
  }
  console.log(`\nRouter.route, one decision (classifier included where classified), ${ROUTING_CALLS.toLocaleString('en')} calls each:`);
  printTable(rows);
}

// ---- the coordinator's added latency and throughput ---------------------------------------------------------------

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Harombe {
  url: string;
  stop(): void;
}

async function startHarombe(config: HarombeConfigInput): Promise<Harombe> {
  const home = await mkdtemp(join(tmpdir(), 'harombe-bench-'));
  await writeFile(join(home, 'harombe.yaml'), stringify({ ...config, tools: { sandbox: 'none', web_search: false } }));
  const child: ChildProcess = spawn(process.execPath, ['bin/harombe.js', 'start', '--port', '0'], {
    env: { ...process.env, HAROMBE_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`harombe exited ${code}: ${output}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Streams one request over HTTP: ms to the first answer piece (`marker` seen) and in total. */
async function timeHttpStream(url: string, body: unknown, marker: string): Promise<{ firstMs: number; totalMs: number }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let firstMs = Number.NaN;
  let seen = '';
  for await (const chunk of response.body) {
    if (Number.isNaN(firstMs)) {
      seen += decoder.decode(chunk, { stream: true });
      if (seen.includes(marker)) firstMs = performance.now() - started;
    }
  }
  return { firstMs, totalMs: performance.now() - started };
}

/** Streams one request through an LlmClient in this process: ms to the first text and in total. */
async function timeClientStream(client: LlmClient, message: string): Promise<{ firstMs: number; totalMs: number }> {
  const started = performance.now();
  let firstMs = Number.NaN;
  for await (const event of client.streamChat({ messages: [{ role: 'user', content: message }] })) {
    if (event.type === 'text-delta' && Number.isNaN(firstMs)) firstMs = performance.now() - started;
  }
  return { firstMs, totalMs: performance.now() - started };
}

interface Path {
  label: string;
  /** The same request to the node directly ... */
  direct: (message: string) => Promise<{ firstMs: number; totalMs: number }>;
  /** ... and through the coordinator. */
  coordinator: (message: string) => Promise<{ firstMs: number; totalMs: number }>;
}

async function coordinatorFigures(): Promise<void> {
  const standIn = await new OllamaStandIn({ models: [{ name: MODEL }] }).start();
  standIn.on({ lastUserMessage: 'relay' }).reply(Array.from({ length: RELAY_TOKENS }, (_, index) => `t${index % 10}`));
  standIn.otherwise().reply(['Hello', ' there', ', friend', '.']);
  const node = await startHarombe({ model: { name: MODEL }, ollama: { host: standIn.url } });
  const nodePort = Number(new URL(node.url).port);
  // The coordinator's own Ollama answers nowhere: every request goes to the node.
  const coordinator = await startHarombe({
    model: { name: MODEL },
    ollama: { host: `http://127.0.0.1:${await closedPort()}` },
    cluster: { nodes: [{ name: 'node', host: '127.0.0.1', port: nodePort, model: MODEL, tier: 0 }] },
  });
  const inProcess = new Cluster({
    config: harombeConfigSchema.parse({
      model: { name: MODEL },
      cluster: { nodes: [{ name: 'stand-in', host: '127.0.0.1', port: standIn.port, model: MODEL, tier: 0, kind: 'ollama' }] },
    }),
    local: false,
  });
  await inProcess.health.checkAll();
  const directClient = new OpenAICompatibleClient({ baseUrl: `${standIn.url}/v1`, endpoint: standIn.url, model: MODEL, timeoutMs: 120_000, defaultTemperature: 0.7 });
  try {
    // Until its first health checks have run, the coordinator may still try its own (absent) Ollama first.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const v1 = (base: string) => (message: string) =>
      timeHttpStream(`${base}/v1/chat/completions`, { model: 'auto', stream: true, messages: [{ role: 'user', content: message }] }, message === 'relay' ? 't0' : 'Hello');
    const agent = (base: string) => (message: string) => timeHttpStream(`${base}/chat/stream`, { message }, 'event: token');
    const paths: Path[] = [
      { label: 'LlmClient in-process (Cluster.client vs the node\'s client)', direct: (message) => timeClientStream(directClient, message), coordinator: (message) => timeClientStream(inProcess.client, message) },
      { label: 'POST /chat/stream (agent)', direct: agent(node.url), coordinator: agent(coordinator.url) },
      { label: 'POST /v1/chat/completions (relay)', direct: v1(node.url), coordinator: v1(coordinator.url) },
    ];
    const usable: Path[] = [];
    for (const path of paths) {
      try {
        await path.coordinator('bench');
        usable.push(path);
      } catch (error) {
        console.log(`(${path.label} through the coordinator failed, left out: ${error instanceof Error ? error.message.slice(0, 200) : String(error)})`);
      }
    }

    const first = new Map(usable.map((path) => [path, { direct: [] as number[], coordinator: [] as number[] }]));
    for (let index = 0; index < 30; index += 1) {
      for (const path of usable) {
        await path.direct('bench');
        await path.coordinator('bench');
      }
    }
    for (let index = 0; index < SEQUENTIAL; index += 1) {
      for (const path of usable) {
        // Each goes first every other time, so neither gains from the other's warm caches.
        const samples = first.get(path)!;
        if (index % 2) samples.coordinator.push((await path.coordinator('bench')).firstMs);
        samples.direct.push((await path.direct('bench')).firstMs);
        if (!(index % 2)) samples.coordinator.push((await path.coordinator('bench')).firstMs);
      }
    }
    console.log(`\nTime to first token, the node directly vs through the coordinator, ${SEQUENTIAL} sequential requests each (ms):`);
    printTable(
      usable.map((path) => {
        const { direct, coordinator: through } = first.get(path)!;
        return {
          path: path.label,
          'direct p50': percentile(direct, 50),
          'coordinator p50': percentile(through, 50),
          'added p50': percentile(through, 50) - percentile(direct, 50),
          'added p99': percentile(through, 99) - percentile(direct, 99),
        };
      }),
    );

    const rows: Record<string, string | number>[] = [];
    for (const path of usable) {
      // Best of three each, alternating, so one slow moment of a shared machine does not decide.
      let direct = Number.POSITIVE_INFINITY;
      let through = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 3; round += 1) {
        direct = Math.min(direct, (await path.direct('relay')).totalMs);
        through = Math.min(through, (await path.coordinator('relay')).totalMs);
      }
      rows.push({
        path: path.label,
        'direct tokens/s': Math.round(RELAY_TOKENS / (direct / 1000)),
        'coordinator tokens/s': Math.round(RELAY_TOKENS / (through / 1000)),
      });
    }
    console.log(`\nOne stream of ${RELAY_TOKENS.toLocaleString('en')} tokens:`);
    printTable(rows);
  } finally {
    await inProcess.dispose();
    coordinator.stop();
    node.stop();
    await standIn.stop();
  }
}

// ---- health monitoring ------------------------------------------------------------------------------------------

/** `count` /health servers (one port each) in their own process, so that their CPU is not counted with the monitor's. */
async function startHealthServers(count: number): Promise<{ ports: number[]; stop(): void }> {
  const script = `
    const http = require('node:http');
    const body = JSON.stringify({ status: 'healthy', model: ${JSON.stringify(MODEL)} });
    const ports = [];
    let pending = ${count};
    for (let index = 0; index < ${count}; index += 1) {
      const server = http.createServer((request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(body);
      });
      server.keepAliveTimeout = 60000;
      server.listen(0, '127.0.0.1', () => {
        ports.push(server.address().port);
        if (--pending === 0) console.log(JSON.stringify(ports));
      });
    }`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ports = await new Promise<number[]>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.endsWith('\n')) resolve(JSON.parse(output) as number[]);
    });
    child.once('exit', (code) => reject(new Error(`the health servers exited ${code}`)));
  });
  return { ports, stop: () => child.kill('SIGTERM') };
}

/**
 * CPU this process spends checking HEALTH_NODES nodes spread evenly over `ports` (one server each: nodes at one
 * address share its check) every `intervalMs`, measured over `windowMs`.
 */
async function measureHealth(ports: number[], intervalMs: number, windowMs: number): Promise<Record<string, string | number>> {
  const registry = new NodeRegistry({ clientFactory: () => silentClient });
  for (let index = 0; index < HEALTH_NODES; index += 1) {
    registry.add({ name: `node-${index}`, host: '127.0.0.1', port: ports[index % ports.length]!, model: MODEL, tier: index % 3 }, { source: 'config' });
  }
  const monitor = new HealthMonitor({ registry, intervalMs });
  let checks = 0;
  let unhealthy = 0;
  monitor.onDidCheck((change) => {
    checks += 1;
    if (change.health.status !== 'available') unhealthy += 1;
  });
  try {
    monitor.start();
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the first round, connections opened
    checks = unhealthy = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const cpu = process.cpuUsage(cpuBefore);
    const elapsedMs = performance.now() - started;
    const cpuMs = (cpu.user + cpu.system) / 1_000;
    const probes = monitor.endpointCount;
    return {
      servers: ports.length.toLocaleString('en'),
      interval: `${intervalMs / 1000} s`,
      'measured over': `${(elapsedMs / 1000).toFixed(0)} s`,
      'node checks/s': (checks / elapsedMs) * 1000,
      'probes/s': (probes / intervalMs) * 1000,
      'not available': unhealthy,
      '% of one core': (cpuMs / elapsedMs) * 100,
      'CPU µs per probe': (cpuMs * 1000) / Math.max(1, (probes / intervalMs) * elapsedMs),
    };
  } finally {
    await monitor.dispose();
    registry.dispose();
  }
}

async function healthFigures(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  // 1,000 nodes as one server with many models, as 100 machines with 10 models each, and as 1,000 machines.
  for (const [servers, intervals] of [[1, [1_000]], [100, [1_000]], [1_000, [1_000, 10_000]]] as const) {
    const fleet = await startHealthServers(servers);
    try {
      for (const intervalMs of intervals) rows.push(await measureHealth(fleet.ports, intervalMs, intervalMs === 1_000 ? HEALTH_WINDOW_MS : 2 * HEALTH_WINDOW_MS));
    } finally {
      fleet.stop();
    }
  }
  console.log(`\nHealth monitoring of ${HEALTH_NODES.toLocaleString('en')} nodes (± 10% jitter), the servers in another process:`);
  printTable(rows);
}

// The servers run the CLI as built now.
spawnSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
// BENCH_PART=routing|health|coordinator runs one part.
const part = process.env['BENCH_PART'];
if (!part || part === 'routing') routingFigures();
if (!part || part === 'health') await healthFigures();
if (!part || part === 'coordinator') await coordinatorFigures();
