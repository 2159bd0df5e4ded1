// The cluster end to end: real harombe servers on loopback, each over its own Ollama stand-in, and coordinators
// routing POST /chat/stream across them — tiers, fallback, load balancing, a node killed and restarted, a refused
// token, and plain Ollama / OpenAI-compatible nodes. Asserts what a user sees: the route event, who answered, errors.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterTuning } from '../src/main/assistant';
import {
  answerAs,
  CliNode,
  cliNodeHome,
  freePort,
  identityStandIn,
  nodeStatus,
  readTurn,
  startCoordinator,
  startWorker,
  turn,
  waitFor,
  type RunningNode,
} from './support/cluster-e2e-kit';
import { createNetworkNamespace, namespaceUnavailableReason, type NetworkNamespace } from './support/network-namespace';
import type { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome } from './support/run-cli';
import { SseReader } from './support/sse-reader';

const SIMPLE = 'hi';
const MEDIUM = 'Explain why the sky is blue';
const COMPLEX = 'Design a sharded database and compare it with Spanner';

/** Health checked every 250 ms without retries, failover pauses of a few ms: a down node is noticed at once. */
const QUICK: ClusterTuning = {
  health: { intervalMs: 250, retries: 0, timeoutMs: 2_000 },
  executor: { retryBaseMs: 10, retryMaxMs: 50 },
};
/** Equal nodes take turns; with smoothed latencies deciding, which node answers would depend on the machine's mood. */
const ROUND_ROBIN = { prefer_local: false, load_balance: true };

let home: string;
let previousHome: string | undefined;

beforeAll(async () => {
  home = await makeHome();
  previousHome = process.env['HAROMBE_HOME'];
  process.env['HAROMBE_HOME'] = home;
});
afterAll(() => {
  if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
  else process.env['HAROMBE_HOME'] = previousHome;
});

describe('a coordinator over three tiers of harombe workers', () => {
  const models = { 'small-1': 'qwen2.5:3b', 'small-2': 'qwen2.5:3b', medium: 'qwen2.5:14b', large: 'qwen2.5:72b' } as const;
  type Name = keyof typeof models;
  const tiers: Record<Name, number> = { 'small-1': 0, 'small-2': 0, medium: 1, large: 2 };
  const standIns = {} as Record<Name, OllamaStandIn>;
  const workers = {} as Record<Name, RunningNode>;
  let graceful: RunningNode;
  let strict: RunningNode;

  const nodeEntry = (name: Name) => ({ name, host: '127.0.0.1', port: workers[name].port, model: models[name], tier: tiers[name] });

  beforeAll(async () => {
    for (const name of Object.keys(models) as Name[]) {
      standIns[name] = await identityStandIn(name, models[name]);
      workers[name] = await startWorker({ model: models[name], standIn: standIns[name], home, tier: tiers[name] });
    }
    graceful = await startCoordinator({
      home,
      nodes: (['small-1', 'small-2', 'medium', 'large'] as const).map(nodeEntry),
      routing: { ...ROUND_ROBIN, fallback_strategy: 'graceful' },
      tuning: QUICK,
    });
    strict = await startCoordinator({
      home,
      nodes: (['small-1', 'medium', 'large'] as const).map(nodeEntry),
      routing: { ...ROUND_ROBIN, fallback_strategy: 'strict' },
      tuning: QUICK,
    });
  });
  afterAll(async () => {
    await Promise.all([graceful, strict, ...Object.values(workers)].map((node) => node?.stop()));
    await Promise.all(Object.values(standIns).map((standIn) => standIn.stop()));
  });
  beforeEach(() => {
    for (const name of Object.keys(models) as Name[]) answerAs(standIns[name], name);
  });

  const chatCount = () => Object.values(standIns).reduce((sum, standIn) => sum + standIn.chatRequests.length, 0);

  it('sends simple, medium and complex prompts to tiers 0, 1 and 2; the route event names the worker whose model answered', async () => {
    const cases = [
      { message: SIMPLE, tier: 0, complexity: 'simple', nodes: ['small-1', 'small-2'] },
      { message: MEDIUM, tier: 1, complexity: 'medium', nodes: ['medium'] },
      { message: COMPLEX, tier: 2, complexity: 'complex', nodes: ['large'] },
    ];
    for (const { message, tier, complexity, nodes } of cases) {
      const result = await turn(graceful.url, message);
      expect(result.error).toBeUndefined();
      expect(result.route).toMatchObject({ tier, complexity });
      const node = result.route!.node as Name;
      expect(nodes).toContain(node);
      expect(result.response).toBe(`${node} here`);
      // That worker's own model got the prompt (relayed through its /v1), and no other model did.
      expect(standIns[node].lastChatRequest).toMatchObject({ model: models[node], lastUserMessage: message });
    }
    expect(chatCount()).toBe(3);
  });

  it('balances a tier by load: while one node is busy with a long answer, its idle peer takes every new request', async () => {
    for (const name of ['small-1', 'small-2'] as const) standIns[name].on({ lastUserMessage: 'hold the line' }).hang();
    const held = await SseReader.open(`${graceful.url}/chat/stream`, { message: 'hold the line' });
    await waitFor(() => chatCount() === 1, 'the long request to reach a tier-0 worker');
    const busy: Name = standIns['small-1'].chatRequests.length === 1 ? 'small-1' : 'small-2';
    const idle: Name = busy === 'small-1' ? 'small-2' : 'small-1';
    expect(nodeStatus(graceful, busy).in_flight).toBe(1);

    // Round-robin alone would send every other request to the busy node.
    for (let index = 0; index < 4; index += 1) {
      const result = await turn(graceful.url, `quick question ${index}`);
      expect(result.route?.node).toBe(idle);
      expect(result.response).toBe(`${idle} here`);
    }
    held.close();
    await waitFor(() => nodeStatus(graceful, busy).in_flight === 0, 'the abandoned request to free its node');
  });

  it('spreads concurrent requests over both nodes of a tier', async () => {
    for (const name of ['small-1', 'small-2'] as const) {
      standIns[name].on({ lastUserMessage: /^busy/ }).reply(`${name} here`).delayFirstByte(300);
    }
    const results = await Promise.all(Array.from({ length: 6 }, (_, index) => turn(graceful.url, `busy request ${index}`)));
    for (const result of results) {
      expect(result.error).toBeUndefined();
      expect(result.response).toBe(`${result.route?.node} here`);
    }
    expect(standIns['small-1'].chatRequests.length).toBeGreaterThan(0);
    expect(standIns['small-2'].chatRequests.length).toBeGreaterThan(0);
    expect(chatCount()).toBe(6);
  });

  it('a tier goes down: graceful falls back to the nearest tier, strict answers an error naming the tier; back up, it serves again', async () => {
    const largePort = workers.large.port;
    await workers.large.stop();
    await waitFor(
      () => [graceful, strict].every((coordinator) => nodeStatus(coordinator, 'large').health.status === 'unavailable'),
      'both coordinators to see the large node down',
    );

    const fellBack = await turn(graceful.url, COMPLEX);
    expect(fellBack.route).toMatchObject({ node: 'medium', tier: 1, complexity: 'complex' });
    expect(fellBack.route?.reason).toContain('no routable node in tier 2 (large: unavailable), fell back to tier 1');
    expect(fellBack.response).toBe('medium here');

    const refused = await turn(strict.url, COMPLEX);
    expect(refused.response).toBeUndefined();
    expect(refused.error?.message).toContain('no healthy node in tier 2 (large: unavailable); fallback_strategy is strict');
    expect(refused.error?.hint).toContain('fallback_strategy to graceful');
    expect(standIns.medium.chatRequests).toHaveLength(1); // only the graceful coordinator's request
    // The strict coordinator still serves the tiers that are up.
    expect((await turn(strict.url, MEDIUM)).response).toBe('medium here');

    workers.large = await startWorker({ model: models.large, standIn: standIns.large, home, tier: 2, port: largePort });
    await waitFor(
      () => [graceful, strict].every((coordinator) => nodeStatus(coordinator, 'large').health.status !== 'unavailable'),
      'both coordinators to see the large node back',
    );
    expect(await turn(strict.url, COMPLEX)).toMatchObject({ route: { node: 'large', tier: 2 }, response: 'large here' });
  });
});

describe('a worker killed in the middle of a run', () => {
  const model = 'qwen2.5:3b';
  let steadyStandIn: OllamaStandIn;
  let fragileStandIn: OllamaStandIn;
  let steady: RunningNode;
  let fragile: CliNode;
  let coordinator: RunningNode;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: join(import.meta.dirname, '..') });
    steadyStandIn = await identityStandIn('steady', model);
    fragileStandIn = await identityStandIn('fragile', model);
    steady = await startWorker({ model, standIn: steadyStandIn, home });
    fragile = new CliNode(await cliNodeHome({ model: { name: model }, ollama: { host: fragileStandIn.url } }), await freePort());
    await fragile.start();
    coordinator = await startCoordinator({
      home,
      nodes: [
        { name: 'steady', host: '127.0.0.1', port: steady.port, model, tier: 0 },
        { name: 'fragile', host: '127.0.0.1', port: fragile.port, model, tier: 0 },
      ],
      routing: ROUND_ROBIN,
      // Only the first health check runs: the circuit breaker alone has to notice the dead node.
      tuning: {
        health: { intervalMs: 3_600_000, retries: 0, timeoutMs: 2_000 },
        circuit: { failureThreshold: 3, halfOpenAfterMs: 1_000, successThreshold: 2 },
        executor: { retryBaseMs: 10, retryMaxMs: 50 },
      },
    });
  });
  afterAll(async () => {
    await coordinator?.stop();
    await steady?.stop();
    await fragile?.stop();
    await Promise.all([steadyStandIn?.stop(), fragileStandIn?.stop()]);
  });

  it('requests waiting on it fail over, its circuit opens; restarted at the same address it is probed back in (half-open → closed)', async () => {
    const circuitChanges: string[] = [];
    coordinator.runtime.cluster!.events.onEvent((event) => {
      if (event.type === 'circuit' && event.name === 'fragile') circuitChanges.push(`${event.previous}→${event.circuit.state}`);
    });
    fragileStandIn.on({ lastUserMessage: /^hold/ }).hang();
    steadyStandIn.on({ lastUserMessage: /^hold/ }).reply('steady here').delayFirstByte(1_000);
    const streams: SseReader[] = [];
    const received = () => steadyStandIn.chatRequests.length + fragileStandIn.chatRequests.length;
    for (let index = 0; index < 6; index += 1) {
      streams.push(await SseReader.open(`${coordinator.url}/chat/stream`, { message: `hold ${index}` }));
      await waitFor(() => received() === index + 1, `request ${index} to reach a worker`);
    }
    const waitingOnFragile = fragileStandIn.chatRequests.length;
    expect(waitingOnFragile).toBeGreaterThan(0);
    expect(nodeStatus(coordinator, 'fragile').in_flight).toBe(waitingOnFragile);

    await fragile.kill();
    const held = await Promise.all(streams.map((stream) => readTurn(stream)));
    // None of them had started streaming: every one is answered, by the node still up.
    for (const result of held) {
      expect(result.error).toBeUndefined();
      expect(result.route?.node).toBe('steady');
      expect(result.response).toBe('steady here');
    }
    expect(held.filter((result) => result.route?.reason.includes('fragile failed before answering'))).toHaveLength(waitingOnFragile);

    for (let index = 0; index < 8 && nodeStatus(coordinator, 'fragile').circuit.state !== 'open'; index += 1) {
      expect((await turn(coordinator.url, `ping ${index}`)).response).toBe('steady here');
    }
    const opened = nodeStatus(coordinator, 'fragile').circuit;
    expect(opened).toMatchObject({ state: 'open', open_until: expect.any(String) });

    await fragile.start();
    await waitFor(() => Date.now() >= Date.parse(opened.open_until!), 'the circuit cool-down', 5_000);
    const answers: string[] = [];
    for (let index = 0; index < 8 && nodeStatus(coordinator, 'fragile').circuit.state !== 'closed'; index += 1) {
      const result = await turn(coordinator.url, `after the restart ${index}`);
      expect(result.error).toBeUndefined();
      answers.push(result.response ?? '');
    }
    expect(nodeStatus(coordinator, 'fragile').circuit.state).toBe('closed');
    expect(answers.filter((answer) => answer === 'fragile here')).toHaveLength(2); // the two probes
    expect(circuitChanges).toEqual(['closed→open', 'open→half_open', 'half_open→closed']);
  });
});

describe('nodes that are not harombe', () => {
  let ollama: OllamaStandIn;
  let openai: OllamaStandIn;
  let coordinator: RunningNode;

  beforeAll(async () => {
    ollama = await identityStandIn('plain-ollama', 'llama3.2:3b');
    openai = await identityStandIn('openai-server', 'qwen2.5:72b');
    coordinator = await startCoordinator({
      home,
      nodes: [
        { name: 'plain-ollama', host: '127.0.0.1', port: ollama.port, model: 'llama3.2:3b', tier: 0, kind: 'ollama' },
        { name: 'openai-server', host: '127.0.0.1', port: openai.port, model: 'qwen2.5:72b', tier: 2, kind: 'openai', auth_token: 'sk-test' },
      ],
      tuning: QUICK,
    });
  });
  afterAll(async () => {
    await coordinator?.stop();
    await Promise.all([ollama?.stop(), openai?.stop()]);
  });

  it('a plain Ollama (kind ollama) and an OpenAI-compatible server (kind openai) both serve turns', async () => {
    for (const name of ['plain-ollama', 'openai-server']) {
      expect(nodeStatus(coordinator, name).health).toMatchObject({ status: 'available', model_ok: true });
    }
    expect(await turn(coordinator.url, SIMPLE)).toMatchObject({ route: { node: 'plain-ollama', tier: 0 }, response: 'plain-ollama here' });
    expect(await turn(coordinator.url, COMPLEX)).toMatchObject({ route: { node: 'openai-server', tier: 2 }, response: 'openai-server here' });
    expect(ollama.lastChatRequest).toMatchObject({ model: 'llama3.2:3b', lastUserMessage: SIMPLE });
    const chat = openai.requests.find((request) => request.path === '/v1/chat/completions');
    expect(chat?.headers.authorization).toBe('Bearer sk-test');
  });
});

const noNamespaces = await namespaceUnavailableReason();
if (noNamespaces) console.warn(`skipping the refused-token test: ${noNamespaces}`);

// A coordinator on loopback is trusted without a token, so it reaches the worker through an address of a veth the
// test creates: the worker then sees a remote client, as it would from another machine.
describe.skipIf(Boolean(noNamespaces))('a harombe worker that wants a token', () => {
  const model = 'qwen2.5:7b';
  let namespace: NetworkNamespace;
  let standIn: OllamaStandIn;
  let worker: RunningNode;
  let coordinator: RunningNode;

  beforeAll(async () => {
    namespace = await createNetworkNamespace();
    standIn = await identityStandIn('guarded', model);
    worker = await startWorker({ model, standIn, home, server: { host: '0.0.0.0', advertise: false, auth_token: 'the-right-token' } });
    coordinator = await startCoordinator({
      home,
      nodes: [{ name: 'guarded', host: namespace.hostAddress, port: worker.port, model, tier: 0, auth_token: 'a-wrong-token' }],
      tuning: QUICK,
    });
  });
  afterAll(async () => {
    await coordinator?.stop();
    await worker?.stop();
    await standIn?.stop();
    await namespace?.remove();
  });

  it('a wrong token: the error names the node and says its token was refused; the right one works', async () => {
    // /health needs no token, so the node looks up; only its answers are refused.
    expect(nodeStatus(coordinator, 'guarded').health.status).toBe('available');
    const refused = await turn(coordinator.url, SIMPLE);
    expect(refused.response).toBeUndefined();
    expect(refused.error).toMatchObject({ code: 'unauthorized' });
    expect(refused.error?.message).toContain('guarded');
    expect(refused.error?.message).toContain('refused the request (401)');
    expect(refused.error?.message).toContain('bearer token is not the one this server expects');
    expect(refused.error?.hint).toMatch(/auth token/i);
    expect(standIn.chatRequests).toHaveLength(0);

    coordinator.runtime.cluster!.registry.add(
      { name: 'guarded', host: namespace.hostAddress, port: worker.port, model, tier: 0, auth_token: 'the-right-token' },
      { source: 'runtime', replace: true },
    );
    expect(await turn(coordinator.url, SIMPLE)).toMatchObject({ route: { node: 'guarded' }, response: 'guarded here' });
  });
});
