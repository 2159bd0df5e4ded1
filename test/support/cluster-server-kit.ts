// A coordinator's server in-process: a real Cluster over Ollama stand-ins, the other services faked; and SSE read off a body.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Cluster } from '../../src/main/cluster';
import { createApp } from '../../src/main/server/app';
import { LocalOllamaResolver } from '../../src/main/server/openai-compat/upstream-resolver';
import { harombeConfigSchema, type HarombeConfigInput, type NodeConfig } from '../../src/shared';
import { TEST_LOCAL_TOKEN, TEST_PORT, fakeWorld } from './fake-services';
import { OllamaStandIn } from './ollama-stand-in';
import { serverSentEventFeed } from '../../src/shared/server-sent-events';

/** A port nothing listens on (taken, then let go). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function standIn(model: string, answer: string): Promise<OllamaStandIn> {
  const server = await new OllamaStandIn({ models: [{ name: model }] }).start();
  server.otherwise().reply(answer);
  return server;
}

/** An Ollama-kind node at a stand-in. */
export function ollamaNode(name: string, server: OllamaStandIn, model: string, tier: number): NodeConfig {
  return { name, host: '127.0.0.1', port: server.port, model, tier, kind: 'ollama', enabled: true };
}

export interface CoordinatorOptions {
  nodes: NodeConfig[];
  /** The coordinator's own Ollama (the loop guard and models no node serves go there). */
  localOllama: OllamaStandIn;
  /** model.name: what `auto` means on the local Ollama. */
  localModel: string;
  config?: HarombeConfigInput;
}

/** The server of a coordinator: /cluster/*, /metrics and /v1 over a real cluster (health checks run only when asked). */
export function coordinator(options: CoordinatorOptions) {
  const configInput: HarombeConfigInput = {
    model: { name: options.localModel },
    ollama: { host: options.localOllama.url },
    cluster: { nodes: options.nodes },
    ...options.config,
  };
  const config = harombeConfigSchema.parse(configInput);
  const cluster = new Cluster({ config, local: false, health: { retries: 0, timeoutMs: 2_000 }, circuit: { failureThreshold: 2 } });
  const world = fakeWorld({ config: configInput, overrides: { cluster } });
  world.services.upstream = new LocalOllamaResolver({
    ollamaHost: () => world.config.get().ollama.host,
    activeModel: () => world.config.get().model.name,
    nodeName: 'coordinator',
  });
  const app = createApp(world.services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN, sseKeepAliveMs: 60_000 });
  return { ...world, app, cluster };
}

export interface TwoTierCoordinator {
  /** Tier 0, qwen2.5:3b, answers "fast here". */
  fast: OllamaStandIn;
  /** Tier 2, qwen2.5:72b, answers "big here". */
  big: OllamaStandIn;
  /** The coordinator's own Ollama, llama3.2:1b, answers "local here". */
  localOllama: OllamaStandIn;
  world: ReturnType<typeof coordinator>;
  dispose(): Promise<void>;
}

/** The coordinator most cluster API tests use: a fast and a big node over stand-ins, and a local Ollama. */
export async function twoTierCoordinator(): Promise<TwoTierCoordinator> {
  const [fast, big, localOllama] = await Promise.all([
    standIn('qwen2.5:3b', 'fast here'),
    standIn('qwen2.5:72b', 'big here'),
    standIn('llama3.2:1b', 'local here'),
  ]);
  const world = coordinator({
    nodes: [ollamaNode('fast', fast, 'qwen2.5:3b', 0), ollamaNode('big', big, 'qwen2.5:72b', 2)],
    localOllama,
    localModel: 'llama3.2:1b',
  });
  return {
    fast,
    big,
    localOllama,
    world,
    dispose: async () => {
      await world.cluster.dispose();
      await Promise.all([fast.stop(), big.stop(), localOllama.stop()]);
    },
  };
}

export interface BodyEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads SSE events off a fetch body one at a time. */
export class BodyEventReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private readonly ready: BodyEvent[] = [];
  private readonly parser = serverSentEventFeed(({ event, data }) => this.ready.push({ event, data: JSON.parse(data) as Record<string, unknown> }));

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The next event, or undefined when the stream ended. */
  async next(): Promise<BodyEvent | undefined> {
    while (this.ready.length === 0) {
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      this.parser.feed(this.decoder.decode(value, { stream: true }));
    }
    return this.ready.shift();
  }

  /** Reads until an event named `name`. */
  async until(name: string): Promise<BodyEvent | undefined> {
    for (let event = await this.next(); event; event = await this.next()) if (event.event === name) return event;
    return undefined;
  }

  async close(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
  }
}
