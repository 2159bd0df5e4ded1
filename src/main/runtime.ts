// The composition root of a running harombe: config in → assistant, HTTP server (and later the cluster) out.
// `harombe start` and the desktop app host one: start()/stop() of the server any number of times, then dispose().
import type { HarombeConfig, PendingConfirmation } from '../shared';
import { createAssistant, type Assistant, type ClusterTuning } from './assistant';
import { AuditLog } from './audit';
import { prepareAssistantChange, type AssistantChange } from './assistant-change';
import type { McpServerManager } from './tools/mcp';
import type { TurnRunner } from './agent';
import type { Cluster } from './cluster';
import { DisposableStore, Emitter } from './base';
import { applyConfigChanges, harombeHome, loadConfig, updateConfigFile } from './config';
import { removeLeftoverTempFiles } from './fs/stale-temp-files';
import { ModelServerWatch, type ModelServerStateChange, type ModelServerWatchOptions } from './diagnostics/model-server-watch';
import { closeIdleConnections } from './net/keep-alive-agents';
import { RuntimeDiscovery } from './runtime-discovery';
import { createRuntimeServices } from './runtime-services';
import { startupWarnings, type RuntimeWarning } from './runtime-warnings';
import { consoleLogger, HarombeServer, ensureLocalToken } from './server';
import type { ServerLogger } from './server';

export interface RuntimeOptions {
  configPath?: string;
  /** Overrides server.host / server.port (tests use port 0). */
  host?: string;
  port?: number;
  /** The built renderer to serve at / (web mode). */
  rendererRoot?: string;
  /** $HAROMBE_HOME: harombe.yaml, the conversations and the local token (default: the HAROMBE_HOME variable, else ~/.harombe). */
  home?: string;
  /** Where everything the runtime builds says what happens (default: the console). */
  logger?: ServerLogger;
  /** The coordinator's cluster timings (health interval, circuit cool-down, failover pauses); tests shorten them. */
  clusterTuning?: ClusterTuning;
  /** How long a confirmation waits for a person before it is denied (default 5 minutes); tests shorten it. */
  confirmationTimeoutMs?: number;
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

export type RuntimeState = 'stopped' | 'starting' | 'running' | 'stopping' | 'disposed';

/** onDidChangeStatus: the server's state, and where it listens while running. */
export interface RuntimeStatusChange {
  state: RuntimeState;
  status?: RuntimeStatus;
}

export type { RuntimeWarning } from './runtime-warnings';

/** What runs while the server is started; stop() ends it all, start() builds it anew. */
interface Running {
  server: HarombeServer;
  modelServer: ModelServerWatch;
  discovery: RuntimeDiscovery;
  status?: RuntimeStatus;
}

export class HarombeRuntime {
  private running: Running | undefined;
  private starting: Promise<RuntimeStatus> | undefined;
  private stopping: Promise<void> | undefined;
  private state: RuntimeState = 'stopped';
  /** The start-up warnings go to onDidWarn on the first start only: a Stop → Start from the tray does not repeat them. */
  private warnedAtStart = false;
  /** Config changes run one after another, each against the config the previous one left. */
  private configChanges: Promise<unknown> = Promise.resolve();
  /** What lives as long as the runtime: its emitters and its subscription to the broker; dispose() ends them. */
  private readonly lifetime = new DisposableStore();
  private readonly statusChanges = this.lifetime.add(new Emitter<RuntimeStatusChange>());
  private readonly warningsFired = this.lifetime.add(new Emitter<RuntimeWarning>());
  private readonly pendingChanges = this.lifetime.add(new Emitter<PendingConfirmation[]>());

  /** The server starting, running, stopping, stopped; `disposed` last. */
  readonly onDidChangeStatus = this.statusChanges.event;
  /** Each warning once: the start-up ones at the first start(), the rest (model server down, mDNS) as they happen. */
  readonly onDidWarn = this.warningsFired.event;
  /** Confirmations waiting for an answer, each time the list changes (a tray badge, a notification). */
  readonly onDidChangePendingConfirmations = this.pendingChanges.event;

  private constructor(
    private assistant: Assistant,
    private readonly options: RuntimeOptions,
    private readonly home: string,
    /** The credential every route beyond the seed's needs (local-token.ts); the desktop window is handed it. */
    readonly localToken: string,
    /** $HAROMBE_HOME/audit.log: every assistant this runtime builds reports to it, GET /audit reads it. */
    private readonly audit: AuditLog,
  ) {
    // The broker is kept across config changes and start/stop, so one subscription serves the runtime's whole life.
    const broker = assistant.broker;
    this.lifetime.add(broker.onDidChange(() => this.pendingChanges.fire(broker.pending())));
  }

  static async create(options: RuntimeOptions = {}): Promise<HarombeRuntime> {
    const home = options.home ?? harombeHome();
    const audit = new AuditLog({ home, logger: options.logger ?? consoleLogger });
    const assistant = await createAssistant({
      home,
      audit,
      logger: options.logger ?? consoleLogger,
      ...(options.configPath ? { configPath: options.configPath } : {}),
      ...(options.clusterTuning ? { clusterTuning: options.clusterTuning } : {}),
      ...(options.confirmationTimeoutMs ? { confirmationTimeoutMs: options.confirmationTimeoutMs } : {}),
    });
    try {
      return new HarombeRuntime(assistant, options, home, await ensureLocalToken(home), audit);
    } catch (error) {
      await assistant.dispose();
      await audit.dispose();
      throw error;
    }
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

  /** The MCP servers (kept across config changes): their statuses, and when they have all started or failed. */
  get mcp(): McpServerManager {
    return this.assistant.mcp;
  }

  /** The agent, for running turns in-process (the desktop app and tests). */
  get turns(): TurnRunner {
    return this.assistant.agent;
  }

  /** Where the server listens while it runs. */
  get status(): RuntimeStatus | undefined {
    return this.running?.status;
  }

  /** Start-up warnings, each once: config problems, tools off, and the server's security notes. */
  get warnings(): string[] {
    return this.startupWarnings().map((warning) => warning.message);
  }

  private startupWarnings(): RuntimeWarning[] {
    const { config, warnings } = this.assistant;
    return startupWarnings(warnings, config, this.options.host ?? config.server.host);
  }

  /**
   * Starts the server (and the cluster's health checks, the model-server check, mDNS). Idempotent: while it starts or
   * runs, another call returns the same status. A failed start leaves nothing running; start() may be called again.
   */
  async start(): Promise<RuntimeStatus> {
    if (this.state === 'disposed') throw new Error('This harombe runtime was disposed; create a new one (HarombeRuntime.create) to start a server again.');
    if (this.running?.status) return this.running.status;
    // Set before any await, so that a second call made meanwhile joins this one instead of starting a second server.
    this.starting ??= (async () => {
      await this.stopping;
      return this.startServer();
    })().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async startServer(): Promise<RuntimeStatus> {
    this.setState('starting');
    if (!this.warnedAtStart) {
      this.warnedAtStart = true;
      for (const warning of this.startupWarnings()) this.warningsFired.fire(warning);
    }
    // Writes cut off by a kill or a crash leave temp files behind; their writers are gone, so the files go too.
    const { store, configPath } = this.assistant;
    const swept = await removeLeftoverTempFiles({ home: this.options.home ?? harombeHome(), conversations: store.folder, config: configPath });
    if (swept) (this.options.logger ?? console).info(swept);
    const config = this.assistant.config;
    const host = this.options.host ?? config.server.host;
    const port = this.options.port ?? config.server.port;
    const modelServer = new ModelServerWatch({
      target: () => ({ host: this.assistant.config.ollama.host, model: this.assistant.model }),
      ...this.options.modelServerCheck,
    });
    modelServer.onDidChange((change) => this.reportModelServer(change));
    const services = createRuntimeServices({ assistant: () => this.assistant, updateConfig: (next) => this.updateConfig(next), reloadConfig: () => this.reloadConfig(), modelServer, logger: this.log, audit: this.audit });
    const server = new HarombeServer(services, {
      host,
      port,
      ...(this.options.rendererRoot ? { rendererRoot: this.options.rendererRoot } : {}),
      localToken: this.localToken,
    });
    const discovery = new RuntimeDiscovery({ assistant: () => this.assistant, logger: this.log, warn: (code, message) => this.warn(code, message) });
    const running: Running = { server, modelServer, discovery };
    this.running = running;
    try {
      this.assistant.cluster?.start();
      const { url, port: actualPort } = await server.start();
      // Checked once listening, not before: the first chat should not be the first error, nor delay the listen.
      modelServer.start();
      await discovery.start(host, actualPort);
      running.status = { url, port: actualPort, model: this.assistant.model, signInUrl: `${url}/?token=${encodeURIComponent(this.localToken)}` };
    } catch (error) {
      await this.stopRunning(running, 0);
      this.setState('stopped');
      throw error;
    }
    this.setState('running', running.status);
    return running.status;
  }

  /**
   * Stops the server (running answers get `graceDeadlineMs` to finish), the checks and mDNS; the assistant, its pending
   * confirmations' broker and its conversations stay for the next start(). Does nothing when stopped.
   */
  async stop({ graceDeadlineMs = 10_000 }: { graceDeadlineMs?: number } = {}): Promise<void> {
    await this.starting?.catch(() => undefined);
    if (this.stopping) return this.stopping;
    const running = this.running;
    if (!running) return;
    this.setState('stopping');
    const stopping = this.stopRunning(running, graceDeadlineMs);
    this.stopping = stopping;
    try {
      await stopping;
    } finally {
      this.stopping = undefined;
      this.setState('stopped');
    }
  }

  /** Stops the server if it runs, then ends everything else: the cluster, pending confirmations (denied), the events. */
  async dispose({ graceDeadlineMs = 10_000 }: { graceDeadlineMs?: number } = {}): Promise<void> {
    if (this.state === 'disposed') return;
    await this.stop({ graceDeadlineMs });
    await this.configChanges;
    this.setState('disposed');
    // Nothing is told after `disposed`: the broker denying what still waits is the runtime's end, not news.
    this.lifetime.dispose();
    await this.assistant.dispose();
    // After the assistant: the calls its end denies are recorded too.
    await this.audit.dispose();
    closeIdleConnections();
  }

  private async stopRunning(running: Running, graceDeadlineMs: number): Promise<void> {
    await running.discovery.stop();
    await running.server.stop({ graceDeadlineMs });
    await running.modelServer.dispose();
    await this.assistant.cluster?.stop();
    // The process-wide keep-alive pools' idle sockets would otherwise outlive a stopped server.
    closeIdleConnections();
    if (this.running === running) this.running = undefined;
  }

  private setState(state: RuntimeState, status?: RuntimeStatus): void {
    this.state = state;
    this.statusChanges.fire({ state, ...(status ? { status } : {}) });
  }

  private warn(code: RuntimeWarning['code'], message: string): void {
    this.log.warn(message);
    this.warningsFired.fire({ code, message });
  }

  /** One line per change of the model server's state: a warning with the fix when it cannot answer, a note when it can again. */
  private reportModelServer({ previous, state }: ModelServerStateChange): void {
    if (!state.ready) {
      const who = this.assistant.cluster ? "This node's own model server cannot answer (turns go to the cluster's other nodes)" : 'This node cannot answer chats';
      this.warn('model_server', `${who}: ${state.detail ?? state.reason ?? 'the model server cannot answer'}. ${state.hint ?? ''}`.trim());
    } else if (previous) {
      this.log.info(`The model server answers again: ${state.model} at ${state.url}.`);
    }
  }

  private get log(): ServerLogger {
    return this.options.logger ?? consoleLogger;
  }

  /** A config change (PUT /config, a saved cluster node), one at a time. */
  private updateConfig(next: HarombeConfig): Promise<void> {
    return this.oneAtATime(() => this.changeConfig(next));
  }

  /**
   * Reads harombe.yaml again and applies it (POST /config/reload: after a hand edit or `harombe mcp import`). A file
   * harombe cannot run is refused with a ConfigError, and the config in use stays.
   */
  reloadConfig(): Promise<void> {
    return this.oneAtATime(async () => {
      const previous = this.assistant;
      const loaded = await loadConfig(previous.configPath);
      await this.switchTo(await prepareAssistantChange(previous, loaded, this.changeOptions()));
    });
  }

  private oneAtATime(apply: () => Promise<void>): Promise<void> {
    const change = this.configChanges.then(apply);
    this.configChanges = change.catch(() => undefined);
    return change;
  }

  private changeOptions() {
    return { ...(this.options.clusterTuning ? { clusterTuning: this.options.clusterTuning } : {}), home: this.home, logger: this.log, audit: this.audit };
  }

  private async switchTo(change: AssistantChange): Promise<void> {
    this.assistant = change.assistant;
    await change.commit().catch((error: unknown) => this.warn('config_change', `The previous cluster did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`));
    await this.running?.discovery.sync();
  }

  /**
   * Builds the assistant for the changed config first, so a config harombe cannot run (a workspace in /proc, a node
   * address that is no address) is refused with the file untouched; then saves it into the user's file (comments
   * kept), switches over, and stops what the change removed (a cluster's health checks, mDNS browsing).
   */
  private async changeConfig(next: HarombeConfig): Promise<void> {
    const previous = this.assistant;
    const prepared: { change?: AssistantChange } = {};
    const options = this.changeOptions();
    try {
      await updateConfigFile(previous.configPath, (document) => applyConfigChanges(document, previous.config, next), {
        beforeWrite: async (loaded) => {
          prepared.change = await prepareAssistantChange(previous, loaded, options);
        },
      });
    } catch (error) {
      await prepared.change?.discard();
      throw error;
    }
    await this.switchTo(prepared.change as AssistantChange);
  }
}
