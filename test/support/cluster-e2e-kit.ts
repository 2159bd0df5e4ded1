// Real harombe nodes for cluster end-to-end tests: workers over Ollama stand-ins (in-process or `harombe start`
// children), coordinators with a `cluster:` section, and a turn through POST /chat/stream as a user sees it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ErrorEvent, HarombeConfigInput, NodeConfig, NodeStatus, RouteEvent } from '../../src/shared';
import type { ClusterTuning } from '../../src/main/assistant';
import { HarombeRuntime } from '../../src/main/runtime';
import { OllamaStandIn } from './ollama-stand-in';
import { cliEnvironment, makeHome } from './run-cli';
import { SseReader, type SseEvent } from './sse-reader';

export const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A loopback port nothing listens on (bound, then let go). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A config that keeps the tools out of the way: no sandbox probing surprises, no web search. */
export async function writeConfig(home: string, config: HarombeConfigInput, fileName?: string): Promise<string> {
  const workspace = join(home, 'workspace');
  await mkdir(workspace, { recursive: true });
  const path = join(home, fileName ?? `harombe-${Math.random().toString(36).slice(2, 8)}.yaml`);
  const full: HarombeConfigInput = { ...config, tools: { sandbox: 'none', web_search: false, workspace, ...config.tools } };
  await writeFile(path, stringify(full));
  return path;
}

/** A stand-in serving `model` that answers every unscripted request with `<name> here`. */
export async function identityStandIn(name: string, model: string): Promise<OllamaStandIn> {
  const standIn = await new OllamaStandIn({ models: [{ name: model }] }).start();
  answerAs(standIn, name);
  return standIn;
}

/** Forgets the stand-in's rules and received requests; unscripted requests answer `<name> here` again. */
export function answerAs(standIn: OllamaStandIn, name: string): void {
  standIn.reset();
  standIn.otherwise().reply(`${name} here`);
}

export interface RunningNode {
  runtime: HarombeRuntime;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  model: string;
  standIn: OllamaStandIn;
  home: string;
  tier?: number;
  /** Default 0 (ephemeral); a fixed port brings a node back at the same address. */
  port?: number;
  server?: HarombeConfigInput['server'];
}

/** A plain harombe (`harombe start` in-process) over its own stand-in: a worker node. */
export async function startWorker(options: WorkerOptions): Promise<RunningNode> {
  const configPath = await writeConfig(options.home, {
    model: { name: options.model },
    ollama: { host: options.standIn.url },
    server: { ...(options.tier === undefined ? {} : { tier: options.tier }), ...options.server },
  });
  return startRuntime(configPath, { port: options.port ?? 0 });
}

export interface CoordinatorOptions {
  home: string;
  nodes: Partial<NodeConfig>[];
  routing?: Partial<NonNullable<HarombeConfigInput['cluster']>['routing']>;
  tuning?: ClusterTuning;
  /** The coordinator's own Ollama (node `local`); default: an address where nothing answers. */
  ollamaHost?: string;
  cluster?: Omit<NonNullable<HarombeConfigInput['cluster']>, 'nodes' | 'routing'>;
}

/** A harombe whose config has a `cluster:` section; resolves once every node has had its first health check. */
export async function startCoordinator(options: CoordinatorOptions): Promise<RunningNode> {
  const configPath = await writeConfig(options.home, {
    model: { name: 'qwen2.5:3b' },
    ollama: { host: options.ollamaHost ?? `http://127.0.0.1:${await freePort()}` },
    cluster: { ...options.cluster, routing: { ...options.routing }, nodes: options.nodes as NodeConfig[] },
  });
  const node = await startRuntime(configPath, { port: 0, ...(options.tuning ? { clusterTuning: options.tuning } : {}) });
  await waitFor(() => node.runtime.cluster!.nodes().every((status) => status.health.status !== 'unknown'), 'every node checked once');
  return node;
}

async function startRuntime(configPath: string, options: { port: number; clusterTuning?: ClusterTuning }): Promise<RunningNode> {
  const runtime = await HarombeRuntime.create({ configPath, logger: quietLogger, ...options });
  const { url, port } = await runtime.start();
  return { runtime, url, port, stop: () => runtime.stop({ graceDeadlineMs: 200 }) };
}

/** A `harombe start --port P` child process (the built CLI): a node that can really be killed. */
export class CliNode {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private listeningPort: number | undefined;
  readonly output: string[] = [];

  /** `port` 0 picks a free one (read from what the server prints); `namespace` runs it inside that network namespace. */
  constructor(
    readonly home: string,
    private readonly requestedPort: number,
    private readonly options: { namespace?: string } = {},
  ) {}

  get port(): number {
    return this.listeningPort ?? this.requestedPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves once it says it is listening. */
  async start(): Promise<void> {
    const command = [process.execPath, join(process.cwd(), 'bin', 'harombe.js'), 'start', '--port', String(this.port)];
    const { namespace } = this.options;
    const [program, ...args] = namespace ? ['ip', 'netns', 'exec', namespace, ...command] : command;
    const child = spawn(program!, args, {
      env: cliEnvironment(this.home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        this.output.push(chunk.toString());
        const listening = /is listening on http:\/\/\S+:(\d+)/.exec(this.output.join(''));
        if (listening) {
          this.listeningPort = Number(listening[1]);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
      child.once('exit', (code) => reject(new Error(`harombe start exited (${code}) before listening: ${this.output.join('')}`)));
    });
  }

  /** SIGKILL: no goodbye, no graceful stop, sockets cut by the kernel — a machine that lost power. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** A clean stop (SIGTERM), killed after 5 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** A home folder with a harombe.yaml for a `harombe start` node. */
export async function cliNodeHome(config: HarombeConfigInput): Promise<string> {
  const home = await makeHome();
  await writeConfig(home, config, 'harombe.yaml');
  return home;
}

export interface TurnResult {
  route: RouteEvent | undefined;
  /** The `done` event's response. */
  response: string | undefined;
  error: ErrorEvent | undefined;
  events: SseEvent[];
}

/** One turn through the coordinator's POST /chat/stream, read to the end. */
export async function turn(base: string, message: string): Promise<TurnResult> {
  return readTurn(await SseReader.open(`${base}/chat/stream`, { message }));
}

export async function readTurn(stream: SseReader): Promise<TurnResult> {
  const events = await stream.rest();
  const find = (name: string) => events.find((event) => event.event === name)?.data;
  const done = find('done') as { response: string } | undefined;
  return {
    route: find('route') as RouteEvent | undefined,
    response: done?.response,
    error: find('error') as ErrorEvent | undefined,
    events,
  };
}

/** Polls until `check` holds (every 20 ms); fails after `timeoutMs` saying what it waited for. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One node's status as the coordinator reports it. */
export function nodeStatus(node: RunningNode, name: string): NodeStatus {
  const status = node.runtime.cluster?.nodes().find((candidate) => candidate.name === name);
  if (!status) throw new Error(`the coordinator has no node named ${name}`);
  return status;
}
