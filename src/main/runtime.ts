// The composition root of a running harombe: config in → assistant, HTTP server (and later the cluster) out.
// `harombe start` and the desktop app both run one; stop() leaves no timer, socket or child process behind.
import { hostname } from 'node:os';
import type { HarombeConfig } from '../shared';
import { createAssistant, type Assistant, type ClusterTuning } from './assistant';
import { prepareAssistantChange, type AssistantChange } from './assistant-change';
import type { AgentEvent } from '../shared';
import type { TurnInput, TurnRunner } from './agent';
import type { Cluster } from './cluster';
import type { DiscoveredNode, MdnsAdvertiser, MdnsBrowser } from './cluster/discovery';
import { decideAdvertising } from './cluster/discovery/advertising-decision';
import { LOCAL_NODE_NAME } from './cluster/node-address';
import { applyConfigChanges, harombeHome, updateConfigFile } from './config';
import { removeLeftoverTempFiles } from './fs/stale-temp-files';
import { ModelServerWatch, type ModelServerStateChange, type ModelServerWatchOptions } from './diagnostics/model-server-watch';
import { detectHardware, recommendModel } from './hardware';
import { HarombeServer, LocalOllamaResolver, ensureLocalToken, warnings as serverWarnings } from './server';
import type { ConfigService, ModelAdmin, ServerLogger, ServerServices } from './server';

export interface RuntimeOptions {
  configPath?: string;
  /** Overrides server.host / server.port (tests use port 0). */
  host?: string;
  port?: number;
  /** The built renderer to serve at / (web mode). */
  rendererRoot?: string;
  /** $HAROMBE_HOME: where the local token lives (default: the HAROMBE_HOME variable, else ~/.harombe). */
  home?: string;
  logger?: ServerLogger;
  /** The coordinator's cluster timings (health interval, circuit cool-down, failover pauses); tests shorten them. */
  clusterTuning?: ClusterTuning;
  /** How often this node checks its model server for /health (tests shorten it). */
  modelServerCheck?: Pick<ModelServerWatchOptions, 'intervalMs' | 'staleAfterMs' | 'waitMs'>;
}

export interface RuntimeStatus {
  url: string;
  port: number;
  model: string;
  /** The web UI, signed in with the local token (`harombe start` prints it, the way Jupyter does). */
  signInUrl: string;
}

export class HarombeRuntime {
  private server: HarombeServer | undefined;
  private advertiser: MdnsAdvertiser | undefined;
  /** mDNS browsing for the cluster in use, for as long as its config asks for it. */
  private browsing: { browser: MdnsBrowser; cluster: Cluster; service: string } | undefined;
  private listeningPort: number | undefined;
  /** Whether the model server can answer: /health reports it, the log says when it changes. */
  private modelServer: ModelServerWatch | undefined;
  /** Config changes run one after another, each against the config the previous one left. */
  private configChanges: Promise<unknown> = Promise.resolve();

  private constructor(
    private assistant: Assistant,
    private readonly options: RuntimeOptions,
    /** The credential every route beyond the seed's needs (local-token.ts); the desktop window is handed it. */
    readonly localToken: string,
  ) {}

  static async create(options: RuntimeOptions = {}): Promise<HarombeRuntime> {
    const home = options.home ?? harombeHome();
    const assistant = await createAssistant({
      home,
      ...(options.configPath ? { configPath: options.configPath } : {}),
      ...(options.clusterTuning ? { clusterTuning: options.clusterTuning } : {}),
    });
    const localToken = await ensureLocalToken(home);
    return new HarombeRuntime(assistant, options, localToken);
  }

  get config(): HarombeConfig {
    return this.assistant.config;
  }

  get model(): string {
    return this.assistant.model;
  }

  /** The cluster this runtime coordinates (a `cluster:` section), if any. */
  get cluster(): Cluster | undefined {
    return this.assistant.cluster;
  }

  /** The agent, for running turns in-process (the desktop app and tests). */
  get turns(): TurnRunner {
    return this.assistant.agent;
  }

  /** Start-up warnings: config problems, tools off, and the server's security notes. */
  get warnings(): string[] {
    const config = this.assistant.config;
    const effective = { ...config, server: { ...config.server, host: this.options.host ?? config.server.host } };
    return [...this.assistant.warnings, ...serverWarnings(effective)];
  }

  async start(): Promise<RuntimeStatus> {
    // Writes cut off by a kill or a crash leave temp files behind; their writers are gone, so the files go too.
    const { store, configPath } = this.assistant;
    const swept = await removeLeftoverTempFiles({ home: this.options.home ?? harombeHome(), conversations: store.folder, config: configPath });
    if (swept) (this.options.logger ?? console).info(swept);
    const config = this.assistant.config;
    const host = this.options.host ?? config.server.host;
    const port = this.options.port ?? config.server.port;
    this.modelServer = new ModelServerWatch({
      target: () => ({ host: this.assistant.config.ollama.host, model: this.assistant.model }),
      ...this.options.modelServerCheck,
    });
    this.modelServer.onDidChange((change) => this.reportModelServer(change));
    this.server = new HarombeServer(this.services(), {
      host,
      port,
      ...(this.options.rendererRoot ? { rendererRoot: this.options.rendererRoot } : {}),
      localToken: this.localToken,
    });
    const { url, port: actualPort } = await this.server.start();
    // Checked once listening, not before: the first chat should not be the first error, nor delay the listen.
    this.modelServer.start();
    await this.startDiscovery(host, actualPort);
    return { url, port: actualPort, model: this.assistant.model, signInUrl: `${url}/?token=${encodeURIComponent(this.localToken)}` };
  }

  async stop({ graceDeadlineMs = 10_000 }: { graceDeadlineMs?: number } = {}): Promise<void> {
    await this.advertiser?.stop().catch(() => undefined);
    await this.browsing?.browser.stop().catch(() => undefined);
    this.advertiser = this.browsing = this.listeningPort = undefined;
    await this.server?.stop({ graceDeadlineMs });
    this.server = undefined;
    await this.modelServer?.dispose();
    this.modelServer = undefined;
    await this.assistant.dispose();
  }

  /** Announces this node on the local network, and (a coordinator with discovery.method mdns) finds the others. */
  private async startDiscovery(host: string, port: number): Promise<void> {
    this.listeningPort = port;
    const config = this.assistant.config;
    const decision = decideAdvertising({ host, ...(config.server.advertise === undefined ? {} : { advertise: config.server.advertise }) });
    if (decision.advertise) {
      // The mDNS code loads only when this node announces itself or browses for others.
      const { MdnsAdvertiser } = await import('./cluster/discovery');
      const advertiser = new MdnsAdvertiser({
        name: hostname(),
        port,
        model: this.assistant.model,
        tier: config.server.tier ?? 0,
        version: __HAROMBE_VERSION__,
        kind: 'harombe',
        ...(decision.interface ? { interface: decision.interface } : {}),
      });
      try {
        await advertiser.start();
        this.advertiser = advertiser;
        this.log.info(`Announced on the local network as ${hostname()} (_harombe._tcp, port ${port}).`);
      } catch (error) {
        const hint = (error as { hint?: unknown }).hint;
        this.log.warn(`Could not announce this node over mDNS: ${error instanceof Error ? error.message : String(error)}${typeof hint === 'string' ? ` ${hint}` : ''}`);
      }
    } else {
      // Said once, so a worker that never shows up in a coordinator's list explains itself.
      this.log.info(`Not announced on the local network: ${decision.reason}.`);
    }
    await this.syncBrowsing();
  }

  /**
   * Browses for harombe nodes over mDNS while the config asks for it (a cluster with discovery.method mdns), feeding the
   * cluster in use: a config change that removes the cluster or switches mDNS off stops the browser, one that adds it starts it.
   */
  private async syncBrowsing(): Promise<void> {
    const cluster = this.assistant.cluster;
    const discovery = this.assistant.config.cluster?.discovery;
    const service = cluster && discovery?.method === 'mdns' ? discovery.mdns_service : undefined;
    if (this.browsing && (this.browsing.cluster !== cluster || this.browsing.service !== service)) {
      const { browser } = this.browsing;
      this.browsing = undefined;
      await browser.stop().catch(() => undefined);
    }
    const port = this.listeningPort;
    if (!cluster || service === undefined || port === undefined || this.browsing) return;
    const { MdnsBrowser } = await import('./cluster/discovery');
    const browser = new MdnsBrowser({ serviceType: service });
    browser.onDidFind((node: DiscoveredNode) => {
      if (node.name === hostname() && node.port === port) return;
      const existing = cluster.registry.get(node.name);
      if (existing && existing.source !== 'mdns') return;
      cluster.registry.add({ name: node.name, host: node.host, port: node.port, model: node.model, tier: node.tier, kind: node.kind }, { source: 'mdns', replace: true });
      void cluster.health.checkNow(node.name);
    });
    browser.onDidLose((name) => {
      if (cluster.registry.get(name)?.source === 'mdns') cluster.registry.remove(name);
    });
    try {
      await browser.start();
      this.browsing = { browser, cluster, service };
    } catch (error) {
      this.log.warn(`Could not browse for harombe nodes over mDNS: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** One line per change of the model server's state: a warning with the fix when it cannot answer, a note when it can again. */
  private reportModelServer({ previous, state }: ModelServerStateChange): void {
    if (!state.ready) {
      const who = this.assistant.cluster ? "This node's own model server cannot answer (turns go to the cluster's other nodes)" : 'This node cannot answer chats';
      this.log.warn(`${who}: ${state.detail ?? state.reason ?? 'the model server cannot answer'}. ${state.hint ?? ''}`.trim());
    } else if (previous) {
      this.log.info(`The model server answers again: ${state.model} at ${state.url}.`);
    }
  }

  private get log(): ServerLogger {
    return this.options.logger ?? { info: console.log, warn: console.warn, error: console.error };
  }

  private services(): ServerServices {
    const turns: TurnRunner = {
      // Read per turn: a config change rebuilds the assistant and the next turn uses the new one.
      runTurn: (input: TurnInput): AsyncIterable<AgentEvent> => this.assistant.agent.runTurn(input),
    };
    const config: ConfigService = {
      get: () => this.assistant.config,
      update: (next) => this.updateConfig(next),
      path: this.assistant.configPath,
    };
    const models: ModelAdmin = {
      listModels: async (signal) =>
        (await this.assistant.admin.listModels(signal ? { signal } : {})).map((model) => ({
          name: model.name,
          size: model.sizeBytes,
          modifiedAt: model.modifiedAt,
          ...(model.family ? { family: model.family } : {}),
          ...(model.parameterSize ? { parameterSize: model.parameterSize } : {}),
          ...(model.quantization ? { quantization: model.quantization } : {}),
        })),
      pull: (name, signal) => this.assistant.admin.pull(name, signal ? { signal } : {}),
    };
    // The machine's name is this node's name in a cluster; its own model server is `local`, as a coordinator calls it.
    const nodeName = hostname();
    const services: ServerServices = {
      config,
      turns,
      confirmations: this.assistant.broker,
      conversations: this.assistant.store,
      tools: { list: () => this.assistant.toolSummaries },
      models,
      upstream: new LocalOllamaResolver({
        ollamaHost: () => this.assistant.config.ollama.host,
        activeModel: () => this.assistant.model,
        nodeName: LOCAL_NODE_NAME,
      }),
      activeModel: () => this.assistant.model,
      node: { name: nodeName, tier: this.assistant.config.server.tier ?? 0 },
      sandbox: () => this.assistant.sandbox,
      ...(this.modelServer ? { modelServer: this.modelServer } : {}),
      hardware: {
        report: async () => {
          const profile = await detectHardware();
          return { profile, recommendation: recommendModel(profile) };
        },
      },
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    };
    // Read per request: a config change may rebuild the assistant (the cluster itself is kept and updated).
    Object.defineProperty(services, 'cluster', { get: () => this.assistant.cluster, enumerable: true });
    return services;
  }

  /** A config change (PUT /config, a saved cluster node), one at a time. */
  private updateConfig(next: HarombeConfig): Promise<void> {
    const change = this.configChanges.then(() => this.changeConfig(next));
    this.configChanges = change.catch(() => undefined);
    return change;
  }

  /**
   * Builds the assistant for the changed config first, so a config harombe cannot run (a workspace in /proc, a node
   * address that is no address) is refused with the file untouched; then saves it into the user's file (comments
   * kept), switches over, and stops what the change removed (a cluster's health checks, mDNS browsing).
   */
  private async changeConfig(next: HarombeConfig): Promise<void> {
    const previous = this.assistant;
    const prepared: { change?: AssistantChange } = {};
    const tuning = { ...(this.options.clusterTuning ? { clusterTuning: this.options.clusterTuning } : {}), ...(this.options.home ? { home: this.options.home } : {}) };
    try {
      await updateConfigFile(previous.configPath, (document) => applyConfigChanges(document, previous.config, next), {
        beforeWrite: async (loaded) => {
          prepared.change = await prepareAssistantChange(previous, loaded, tuning);
        },
      });
    } catch (error) {
      await prepared.change?.discard();
      throw error;
    }
    const change = prepared.change as AssistantChange;
    this.assistant = change.assistant;
    await change.commit().catch((error: unknown) => this.log.warn(`The previous cluster did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`));
    await this.syncBrowsing();
  }
}
