// Each way a node fails — refused, 5xx before the first byte, a timeout, a break or an error mid-stream — on both
// surfaces of a coordinator: an agent turn (the cluster's LlmClient) and /v1 over a real loopback listener, both
// through the production transport (httpFetch) and the one executor. The same node failure reads the same in the
// events, the circuit and the metrics on both.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterEvent } from '../src/shared';
import { harombeConfigSchema } from '../src/shared';
import { Cluster } from '../src/main/cluster';
import { createApp } from '../src/main/server/app';
import { loadOpenAI } from '../src/main/llm/openai-sdk';
import { LocalOllamaResolver } from '../src/main/server/openai-compat/upstream-resolver';
import { ollamaNode, standIn } from './support/cluster-server-kit';
import { TEST_LOCAL_TOKEN, fakeWorld } from './support/fake-services';
import type { OllamaStandIn } from './support/ollama-stand-in';

interface Outcome {
  /** The node that answered, when one did. */
  node: string | undefined;
  /** The answer's text as the client read it. */
  text: string;
  /** What the client was told went wrong, when something did. */
  error: string | undefined;
}

interface Setup {
  fast: OllamaStandIn;
  big: OllamaStandIn;
  localOllama: OllamaStandIn;
  cluster: Cluster;
  url: string;
  server: Server;
  events: ClusterEvent[];
}

/** A coordinator over a fast (tier 0) and a big (tier 2) stand-in, served on 127.0.0.1; a node silent 1.5 s is skipped. */
async function startSetup(): Promise<Setup> {
  const [fast, big, localOllama] = await Promise.all([standIn('qwen2.5:3b', 'fast here'), standIn('qwen2.5:72b', 'big here'), standIn('llama3.2:1b', 'local here')]);
  const configInput = {
    model: { name: 'llama3.2:1b' },
    ollama: { host: localOllama.url },
    cluster: { nodes: [ollamaNode('fast', fast, 'qwen2.5:3b', 0), ollamaNode('big', big, 'qwen2.5:72b', 2)] },
  };
  const cluster = new Cluster({
    config: harombeConfigSchema.parse(configInput),
    local: false,
    health: { retries: 0, timeoutMs: 2_000 },
    circuit: { failureThreshold: 5 },
    executor: { firstTokenTimeoutMs: 1_500, retryBaseMs: 1, retryMaxMs: 2 },
  });
  const events: ClusterEvent[] = [];
  cluster.events.onEvent((event) => events.push(event));
  const world = fakeWorld({ config: configInput, overrides: { cluster } });
  world.services.upstream = new LocalOllamaResolver({
    ollamaHost: () => world.config.get().ollama.host,
    activeModel: () => world.config.get().model.name,
    nodeName: 'coordinator',
  });
  let port = 0;
  // The port is read per request: the server checks the Host header against the one it listens on.
  const app = createApp(world.services, { host: '127.0.0.1', port: () => port, localToken: TEST_LOCAL_TOKEN, sseKeepAliveMs: 60_000 });
  const server = await new Promise<Server>((resolve) => {
    const listening = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(listening as Server)) as Server;
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return { fast, big, localOllama, cluster, url, server, events };
}

/** An agent's model call: the cluster's LlmClient, tier 2 forced. */
async function askAgent(setup: Setup): Promise<Outcome> {
  let node: string | undefined;
  let text = '';
  try {
    for await (const event of setup.cluster.client.withTier(2).streamChat({ messages: [{ role: 'user', content: 'hi' }] })) {
      if (event.type === 'route') node = event.node;
      if (event.type === 'text-delta') text += event.text;
    }
    return { node, text, error: undefined };
  } catch (error) {
    return { node, text, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A streaming /v1 request for tier 2, over the socket. */
async function askV1(setup: Setup): Promise<Outcome> {
  const response = await fetch(`${setup.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_LOCAL_TOKEN}` },
    body: JSON.stringify({ model: 'tier:2', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
  });
  const node = response.headers.get('x-harombe-node') ?? undefined;
  if (!response.ok) return { node, text: '', error: await response.text() };
  let text = '';
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value, { stream: true });
    return { node, text, error: undefined };
  } catch (error) {
    return { node, text, error: error instanceof Error ? error.message : String(error) };
  }
}

const surfaces = [
  ['an agent turn', askAgent],
  ['/v1 over a socket', askV1],
] as const;

describe.each(surfaces)('a node failing, seen through %s on a coordinator', (_surface, ask) => {
  let setup: Setup;

  beforeAll(async () => {
    // The node client loads the openai SDK on its first call: loaded here, that load never eats a first-token timeout.
    await loadOpenAI();
  });

  beforeEach(async () => {
    setup = await startSetup();
  });

  afterEach(async () => {
    setup.server.closeAllConnections();
    await new Promise<void>((resolve) => setup.server.close(() => resolve()));
    await setup.cluster.dispose();
    await Promise.all([setup.fast.stop(), setup.big.stop(), setup.localOllama.stop()]);
  });

  function expectFailedOverFromBig(outcome: Outcome, reason: RegExp): void {
    expect(outcome).toMatchObject({ node: 'fast', error: undefined });
    expect(outcome.text).toContain('fast');
    expect(setup.events.find((event) => event.type === 'failover')).toMatchObject({ from: 'big', to: 'fast', error: expect.stringMatching(reason) });
    expect(setup.cluster.metrics.node('big')).toMatchObject({ requests: 1, failures: 1, successes: 0 });
    expect(setup.cluster.registry.get('big')?.circuit.consecutiveFailures).toBe(1);
    expect(setup.cluster.metrics.node('fast')).toMatchObject({ requests: 1, successes: 1 });
  }

  it('a refused connection fails over to the next node and counts against the refusing one', async () => {
    await setup.big.stop();
    expectFailedOverFromBig(await ask(setup), /ECONNREFUSED|not running/);
  });

  it('a 5xx before the first byte fails over and counts against the node', async () => {
    setup.big.on({}).failWith(500, 'llama runner process has terminated').once();
    expectFailedOverFromBig(await ask(setup), /llama runner process has terminated/);
  });

  it('a node silent past the first-token timeout is skipped for the next and counted as failed', async () => {
    setup.big.on({}).hang().once();
    expectFailedOverFromBig(await ask(setup), /sent nothing within/);
  });

  it('a 4xx that is not about the request (409 here) is the node\'s failure: fails over and counts against it', async () => {
    setup.big.on({}).failWith(409, 'a model is being loaded by another request').once();
    expectFailedOverFromBig(await ask(setup), /being loaded by another request/);
  });

  it('a request the node calls too large (413) is the request\'s fault: not retried elsewhere, not counted against the node', async () => {
    setup.big.on({}).failWith(413, 'request entity too large').once();
    const outcome = await ask(setup);
    expect(`${outcome.error ?? ''}`).toContain('request entity too large');
    expect(setup.fast.chatRequests).toHaveLength(0);
    expect(setup.events.filter((event) => event.type === 'failover')).toEqual([]);
    expect(setup.cluster.metrics.node('big')).toMatchObject({ requests: 1, failures: 0, cancelled: 1 });
    expect(setup.cluster.registry.get('big')?.circuit.consecutiveFailures).toBe(0);
    expect(setup.cluster.registry.get('big')?.inFlight).toBe(0);
  });

  it('a break mid-stream ends the answer as a failure (never a success), without retrying elsewhere', async () => {
    setup.big.on({}).reply('one two three four five six seven eight').closeAfter(2);
    // The failure reaches the caller and the metrics, not the server's stderr as a stack trace.
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const outcome = await ask(setup);
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
    expect(outcome.node).toBe('big');
    expect(outcome.error).toBeDefined();
    expect(outcome.text).not.toContain('[DONE]');
    expect(setup.fast.chatRequests).toHaveLength(0);
    expect(setup.cluster.metrics.node('big')).toMatchObject({ requests: 1, failures: 1, successes: 0 });
    expect(setup.cluster.registry.get('big')?.circuit.consecutiveFailures).toBe(1);
    expect(setup.cluster.registry.get('big')?.inFlight).toBe(0);
  });

  it('an error the node reports mid-stream (as Ollama does when its runner dies) is a failure, never a success', async () => {
    setup.big.on({}).reply('one two three four five six seven eight').errorAfter(2, 'llama runner process has terminated').once();
    const outcome = await ask(setup);
    expect(outcome.node).toBe('big');
    expect(`${outcome.error ?? ''}${outcome.text}`).toContain('llama runner process has terminated');
    expect(setup.fast.chatRequests).toHaveLength(0);
    expect(setup.cluster.metrics.node('big')).toMatchObject({ requests: 1, failures: 1, successes: 0 });
    expect(setup.cluster.registry.get('big')?.circuit.consecutiveFailures).toBe(1);
  });
});

