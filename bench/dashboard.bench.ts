// The cluster dashboard in Chromium (playwright-core) with 100 nodes and 10 cluster events a second: script work per
// frame (CDP ScriptDuration over the frames drawn), the longest main-thread task, and the page's JS heap after a
// forced GC at the start and the end of the stream. The built renderer is served by a small API stand-in here
// (snapshot, then node_check / node_health / circuit / route events on a timer) — the figures are the page's own
// work, not the server's. `npm run bench -- dashboard`; DASHBOARD_BENCH_SECONDS (default 120) is the stream's length.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import type { ClusterStreamEvent } from '../src/shared/api-schemas';
import { clusterStreamEventSchema, healthResponseSchema, metricsResponseSchema, toolsResponseSchema } from '../src/shared/api-schemas';
import type { NodeStatus } from '../src/shared/cluster-schema';
import { printTable } from './support';

declare const window: unknown;
declare const document: { querySelectorAll(selector: string): { length: number } };
declare function requestAnimationFrame(callback: (now: number) => void): number;

const NODES = 100;
const EVENTS_PER_SECOND = 10;
const SECONDS = Number(process.env['DASHBOARD_BENCH_SECONDS'] ?? 120);
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ROOT = 'out/renderer';
const TOKEN = 'bench-token';

function node(index: number, now: number): NodeStatus {
  return {
    name: `node-${String(index).padStart(3, '0')}`,
    kind: (['harombe', 'ollama', 'openai'] as const)[index % 3]!,
    host: `192.168.1.${index + 10}`,
    port: 8000,
    url: `http://192.168.1.${index + 10}:8000`,
    model: ['qwen2.5:3b', 'qwen2.5:7b', 'qwen2.5:14b'][index % 3]!,
    tier: index % 3,
    enabled: true,
    source: index % 10 === 0 ? 'mdns' : 'config',
    in_flight: index % 4,
    drain: false,
    success_rate: 0.97,
    tokens_per_second: 40 + (index % 30),
    health: {
      status: 'available',
      reason: 'answered in 40 ms',
      latency_ms: 40,
      last_check: new Date(now).toISOString(),
      consecutive_failures: 0,
      model_ok: true,
      served_models: [['qwen2.5:3b', 'qwen2.5:7b', 'qwen2.5:14b'][index % 3]!],
      fix: null,
      recent_latencies_ms: Array.from({ length: 30 }, (_, sample) => 30 + ((index * 7 + sample * 13) % 40)),
    },
    circuit: { state: 'closed', open_until: null, consecutive_failures: 0, last_failure: null },
  };
}

/** The n-th event of the stream: mostly checks (as 100 nodes checked every 10 s give), some changes and routes. */
function nextEvent(n: number, nodes: NodeStatus[]): ClusterStreamEvent {
  const now = Date.now();
  const at = new Date(now).toISOString();
  const target = nodes[(n * 37) % nodes.length]!;
  const kind = n % 10;
  if (kind < 6) {
    const latency = 20 + ((n * 11) % 80);
    target.health = { ...target.health, latency_ms: latency, last_check: at, recent_latencies_ms: [...target.health.recent_latencies_ms.slice(-29), latency] };
    return { type: 'node_check', at, name: target.name, health: target.health };
  }
  if (kind < 8) {
    return { type: 'route', at, node: target.name, tier: target.tier, wanted_tier: target.tier, complexity: 'medium', reason: `medium: asks to explain why, ${n % 300} chars`, failed_over: [], excerpt: `Message ${n}: explain why the cache misses` };
  }
  if (kind === 8) {
    const down = target.health.status === 'available';
    const previous = target.health.status;
    target.health = { ...target.health, status: down ? 'unavailable' : 'available', reason: down ? `Cannot reach ${target.url}/health (ECONNREFUSED)` : 'answered in 40 ms', fix: down ? `Is \`harombe start\` running on ${target.host}?` : null };
    return { type: 'node_health', at, name: target.name, previous, health: target.health };
  }
  const open = target.circuit.state === 'closed';
  const previous = target.circuit.state;
  target.circuit = open ? { state: 'open', open_until: new Date(now + 30_000).toISOString(), consecutive_failures: 5, last_failure: 'ECONNREFUSED' } : { state: 'closed', open_until: null, consecutive_failures: 0, last_failure: null };
  return { type: 'circuit', at, name: target.name, previous, circuit: target.circuit };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

function json(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The API the dashboard reads, answered from memory, and the built renderer's files. */
async function startStandIn(): Promise<{ url: string; stop(): Promise<void>; sent(): number }> {
  const started = Date.now();
  const nodes = Array.from({ length: NODES }, (_, index) => node(index, started));
  let sent = 0;
  const timers = new Set<ReturnType<typeof setInterval>>();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/health') return json(response, healthResponseSchema.parse({ status: 'healthy', model: 'qwen2.5:7b', version: 'bench', node: { name: 'coordinator', tier: 0 } }));
    if (path === '/tools') return json(response, toolsResponseSchema.parse({ tools: [], confirm_dangerous: true, sandbox: { mode: 'none' } }));
    if (path === '/cluster/nodes') return json(response, { nodes });
    if (path === '/metrics') {
      const summary = { total_nodes: NODES, healthy_nodes: nodes.filter((each) => each.health.status === 'available').length, total_requests: sent, average_success_rate: 0.97, average_latency_ms: 40, total_tokens: sent * 50, tokens_per_second: 1200 };
      return json(response, metricsResponseSchema.parse({ nodes: [], cluster_summary: summary }));
    }
    if (path === '/cluster/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const write = (event: ClusterStreamEvent) => response.write(`event: ${event.type}\ndata: ${JSON.stringify(clusterStreamEventSchema.parse(event))}\n\n`);
      write({ type: 'snapshot', at: new Date().toISOString(), nodes, routes: [] });
      const timer = setInterval(() => write(nextEvent(sent++, nodes)), 1000 / EVENTS_PER_SECOND);
      timers.add(timer);
      request.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
    if (path.startsWith('/assets/') || path === '/' || path === '/index.html') {
      const file = normalize(join(ROOT, path === '/' ? 'index.html' : path));
      if (!file.startsWith(normalize(ROOT))) return response.writeHead(403).end();
      const body = await readFile(file).catch(() => undefined);
      if (!body) return response.writeHead(404).end();
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      return response.end(body);
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 'not_found', message: `${path} is not part of this bench` } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    sent: () => sent,
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** DASHBOARD_BENCH_PROFILE=1: the functions with the most self time over the measured stream (forced GCs included). */
function printHotspots(profile: CpuProfile): void {
  const perSampleMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const self = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (!node.hitCount || functionName === '(idle)' || functionName === '(program)') continue;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + node.hitCount * perSampleMs);
  }
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 15);
  printTable(top.map(([name, ms]) => ({ 'function (self time)': name, ms })));
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'index.html'))) {
    console.log('dashboard bench skipped: it needs the renderer built — npx electron-vite build');
    return;
  }
  const standIn = await startStandIn();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${standIn.url}/?token=${TOKEN}#/cluster`);
    await page
      .getByRole('article', { name: 'node-099', exact: true })
      .waitFor({ state: 'attached', timeout: 30_000 })
      .catch(async (error: unknown) => {
        throw new Error(`The dashboard did not show the 100 nodes; the page says: ${(await page.locator('body').innerText()).slice(0, 500)}`, { cause: error });
      });
    await page.evaluate(() => {
      const probe = { frames: 0, longest: 0, longTasks: 0 };
      (window as { __probe?: typeof probe }).__probe = probe;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          probe.longest = Math.max(probe.longest, entry.duration);
          probe.longTasks += 1;
        }
      }).observe({ type: 'longtask' } as never);
      const frame = () => {
        probe.frames += 1;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((metric) => [metric.name, metric.value]));
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await metrics())['JSHeapUsedSize']! / 1024 / 1024;
    };
    const takeProbe = () =>
      page.evaluate(() => {
        const probe = (window as { __probe: { frames: number; longest: number; longTasks: number } }).__probe;
        const taken = { ...probe };
        Object.assign(probe, { frames: 0, longest: 0, longTasks: 0 });
        return taken;
      });
    // Warm-up: the first seconds of events, then the measured stream. The forced GC of each heap sample is a long
    // task of its own, so the probe is read before it and each window's figures leave it out.
    await page.waitForTimeout(5_000);
    const heapStart = await heap();
    const profiling = process.env['DASHBOARD_BENCH_PROFILE'] === '1';
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await takeProbe();
    const before = await metrics();
    const sentBefore = standIn.sent();
    const heapSamples: number[] = [];
    const probe = { frames: 0, longest: 0, longTasks: 0 };
    let gcMs = 0;
    for (let second = 0; second < SECONDS; second += 30) {
      await page.waitForTimeout(Math.min(30, SECONDS - second) * 1000);
      const window_ = await takeProbe();
      probe.frames += window_.frames;
      probe.longest = Math.max(probe.longest, window_.longest);
      probe.longTasks += window_.longTasks;
      const gcStart = await metrics();
      heapSamples.push(await heap());
      gcMs += ((await metrics())['ScriptDuration']! - gcStart['ScriptDuration']!) * 1000;
    }
    const after = await metrics();
    if (profiling) printHotspots(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile);
    const cards = await page.evaluate(() => document.querySelectorAll('article.node-card').length);
    const rows = await page.evaluate(() => document.querySelectorAll('.routing-table tbody tr').length);
    const events = standIn.sent() - sentBefore;
    const scriptMs = ((after['ScriptDuration'] ?? 0) - (before['ScriptDuration'] ?? 0)) * 1000 - gcMs;
    const taskMs = ((after['TaskDuration'] ?? 0) - (before['TaskDuration'] ?? 0)) * 1000;
    printTable([
      {
        nodes: cards,
        'events (measured)': events,
        seconds: SECONDS,
        frames: probe.frames,
        'script ms / frame': scriptMs / Math.max(1, probe.frames),
        'script ms / event': scriptMs / Math.max(1, events),
        'all main-thread ms / s': taskMs / SECONDS,
        'layout ms / s': ((after['LayoutDuration'] ?? 0) - (before['LayoutDuration'] ?? 0)) * 1000 / SECONDS,
        'style ms / s': ((after['RecalcStyleDuration'] ?? 0) - (before['RecalcStyleDuration'] ?? 0)) * 1000 / SECONDS,
        'longest task ms': probe.longest,
        'long tasks': probe.longTasks,
        'route rows': rows,
      },
    ]);
    printTable([{ 'heap MB at start': heapStart, 'heap MB samples (every 30 s)': heapSamples.map((value) => value.toFixed(2)).join(' → '), 'heap MB at end': heapSamples.at(-1) ?? heapStart }]);
  } finally {
    await browser.close();
    await standIn.stop();
  }
}

await main();
