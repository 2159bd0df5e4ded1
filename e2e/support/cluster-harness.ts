// A cluster to drive the dashboard from Chromium: three harombe nodes (each over its own Ollama stand-in, on a fixed
// port so one can be stopped and started again) and a coordinator serving the built web UI. The coordinator runs
// in-process only to shorten its timings (health every 2 s, the circuit open after 2 failures for 12 s) where
// `harombe start` has 10 s, 5 failures and 30 s; its HTTP server, router and health checks are harombe start's own.
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import type { NodeConfig } from '../../src/shared';
import { HarombeRuntime } from '../../src/main/runtime';
import { freePort, identityStandIn, quietLogger, writeConfig } from '../../test/support/cluster-e2e-kit';
import type { OllamaStandIn } from '../../test/support/ollama-stand-in';
import { makeHome } from '../../test/support/run-cli';

// The builds define harombe's version at compile time; run from source here, the server reads it from this global.
(globalThis as Record<string, unknown>)['__HAROMBE_VERSION__'] ??= (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string }).version;

export interface ClusterNodeSpec {
  name: string;
  model: string;
  tier: number;
}

/** The three worker nodes: one per tier. */
export const NODES: readonly ClusterNodeSpec[] = [
  { name: 'fast', model: 'qwen2.5:3b', tier: 0 },
  { name: 'mid', model: 'qwen2.5:7b', tier: 1 },
  { name: 'big', model: 'qwen2.5:14b', tier: 2 },
];

/** Circuit cool-down: long enough to watch the countdown, short enough to wait out. */
export const HALF_OPEN_AFTER_MS = 12_000;

/** A worker: a harombe (its HTTP server and agent as `harombe start` builds them) over its own stand-in. */
export class WorkerNode {
  private runtime: HarombeRuntime | undefined;

  constructor(
    readonly spec: ClusterNodeSpec,
    readonly standIn: OllamaStandIn,
    readonly port: number,
    private readonly home: string,
  ) {}

  async start(): Promise<void> {
    const configPath = await writeConfig(this.home, { model: { name: this.spec.model }, ollama: { host: this.standIn.url }, server: { tier: this.spec.tier } }, 'harombe.yaml');
    this.runtime = await HarombeRuntime.create({ configPath, home: this.home, port: this.port, logger: quietLogger });
    await this.runtime.start();
  }

  /** Its server goes away: connections to its port are refused until start() again. */
  async stop(): Promise<void> {
    await this.runtime?.dispose({ graceDeadlineMs: 200 });
    this.runtime = undefined;
  }
}

/**
 * A harombe as another machine with server.auth_token shows it to a coordinator: GET /health open, every other
 * request refused with 401 unless it carries `Bearer <key>` (loopback callers are trusted, so a real one would not).
 */
export async function keyedProxy(target: string, key: string): Promise<{ port: number; stop(): Promise<void> }> {
  const { hostname, port: targetPort } = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const open = incoming.method === 'GET' && incoming.url === '/health';
    if (!open && incoming.headers.authorization !== `Bearer ${key}`) {
      outgoing.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      outgoing.end(JSON.stringify({ error: { code: 'unauthorized', message: 'The bearer token is not the one this server expects' } }));
      return;
    }
    const forward = httpRequest({ hostname, port: targetPort, path: incoming.url, method: incoming.method, headers: { ...incoming.headers, host: `${hostname}:${targetPort}` } }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface ClusterHarness {
  coordinator: HarombeRuntime;
  url: string;
  signInUrl: string;
  workers: Record<string, WorkerNode>;
  localStandIn: OllamaStandIn;
  stop(): Promise<void>;
}

export async function startClusterHarness(): Promise<ClusterHarness> {
  const workers: Record<string, WorkerNode> = {};
  for (const spec of NODES) {
    const worker = new WorkerNode(spec, await identityStandIn(spec.name, spec.model), await freePort(), await makeHome());
    await worker.start();
    workers[spec.name] = worker;
  }
  const localStandIn = await identityStandIn('local', 'qwen2.5:3b');
  const home = await makeHome();
  const nodes: NodeConfig[] = NODES.map((spec) => ({ name: spec.name, host: '127.0.0.1', port: workers[spec.name]!.port, model: spec.model, tier: spec.tier, enabled: true, kind: 'harombe' }));
  const configPath = await writeConfig(home, { model: { name: 'qwen2.5:3b' }, ollama: { host: localStandIn.url }, cluster: { nodes } }, 'harombe.yaml');
  const coordinator = await HarombeRuntime.create({
    configPath,
    home,
    port: 0,
    logger: quietLogger,
    rendererRoot: join(process.cwd(), 'out', 'renderer'),
    clusterTuning: {
      health: { intervalMs: 2_000, retries: 0, timeoutMs: 1_000 },
      circuit: { failureThreshold: 2, halfOpenAfterMs: HALF_OPEN_AFTER_MS, successThreshold: 1 },
      executor: { retryBaseMs: 10, retryMaxMs: 50 },
    },
  });
  const status = await coordinator.start();
  return {
    coordinator,
    url: status.url,
    signInUrl: status.signInUrl,
    workers,
    localStandIn,
    stop: async () => {
      await coordinator.dispose({ graceDeadlineMs: 200 });
      for (const worker of Object.values(workers)) {
        await worker.stop();
        await worker.standIn.stop();
      }
      await localStandIn.stop();
    },
  };
}

/** POST /v1/chat/completions on the coordinator for `model`: the router sends it only to nodes serving that model. */
export async function completion(harness: ClusterHarness, model: string, content: string): Promise<number> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
  await response.text();
  return response.status;
}
