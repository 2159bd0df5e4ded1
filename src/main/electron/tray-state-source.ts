// Keeps the tray's state from the runtime's events (server status, pending confirmations, cluster changes) and the
// local Ollama's loaded models; a burst of events makes one rebuild. Plain Node: the tray adapter only listens.
import type { ClusterEvent, NodeStatus, PendingConfirmation } from '../../shared';
import { Emitter, type Disposable, type Event } from '../base';
import { systemTimers, type Timers } from '../cluster/timers';
import type { RunningModel } from '../llm/ollama-admin';
import type { RuntimeState, RuntimeStatus, RuntimeStatusChange } from '../runtime';
import type { TrayLoadedModels, TrayState } from './tray-state';

/** What the tray reads of a cluster (Cluster). */
export interface TrayCluster {
  nodes(): NodeStatus[];
  readonly events: { readonly onEvent: Event<ClusterEvent> };
}

/** What the tray reads of the runtime (HarombeRuntime; a stand-in in unit tests). */
export interface TrayRuntime {
  readonly onDidChangeStatus: Event<RuntimeStatusChange>;
  readonly onDidChangePendingConfirmations: Event<PendingConfirmation[]>;
  readonly status: RuntimeStatus | undefined;
  /** Read at each rebuild: a config change may add, replace or remove the cluster. */
  readonly cluster: TrayCluster | undefined;
}

export interface TrayStateSourceOptions {
  runtime: TrayRuntime;
  /** The local Ollama's loaded models (OllamaAdmin.running); rejects when Ollama cannot be reached. */
  loadedModels: () => Promise<RunningModel[]>;
  /** The rest of the tray's state, owned by the app: the port notice, the login item, whether `harombe` is on PATH. */
  appState: () => Pick<TrayState, 'launchAtLogin' | 'cliOnPath'> & { serverNote?: string };
  platform: NodeJS.Platform;
  timers?: Timers;
  /** Events closer together than this make one rebuild. */
  debounceMs?: number;
  /** Ollama's loaded models change without an event (another client, keep_alive running out): read this often. */
  modelsPollMs?: number;
}

/** Cluster events that change what the menu shows; node_check and failover do not (health changes come as node_health). */
const MENU_EVENTS = new Set<ClusterEvent['type']>(['node_added', 'node_removed', 'node_health', 'circuit', 'node_drain']);

export class TrayStateSource implements Disposable {
  private readonly changes = new Emitter<TrayState>();
  private readonly subscriptions: Disposable[] = [];
  private readonly timers: Timers;
  private serverState: RuntimeState;
  private pending: PendingConfirmation[] = [];
  private models: TrayLoadedModels = { state: 'unknown' };
  private cluster: TrayCluster | undefined;
  private clusterSubscription: Disposable | undefined;
  private rebuildTimer: unknown;
  private pollTimer: unknown;
  private modelsStale = true;
  private disposed = false;
  private current: TrayState;

  /** The state after each rebuild; a burst of runtime events makes one. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly options: TrayStateSourceOptions) {
    this.timers = options.timers ?? systemTimers;
    const { runtime } = options;
    this.serverState = runtime.status ? 'running' : 'stopped';
    this.subscriptions.push(
      runtime.onDidChangeStatus((change) => {
        this.serverState = change.state;
        // A start may come with another config (and another cluster or Ollama).
        this.modelsStale = true;
        this.schedule();
      }),
      runtime.onDidChangePendingConfirmations((pending) => {
        this.pending = pending;
        this.schedule();
      }),
    );
    // The cluster first: the first menu lists its nodes, rather than waiting for an event or the poll.
    this.followCluster();
    this.current = this.snapshot();
    this.poll();
  }

  /** The state as of the last rebuild. */
  get state(): TrayState {
    return this.current;
  }

  /** Rebuild soon, re-reading the loaded models (after an Unload, or when the menu is about to show). */
  refresh(): void {
    this.modelsStale = true;
    this.schedule();
  }

  /** Rebuilds now (reading the loaded models if stale) and tells listeners; what the debounce timer runs. */
  async rebuild(): Promise<TrayState> {
    this.rebuildTimer = undefined;
    this.followCluster();
    if (this.modelsStale) {
      this.modelsStale = false;
      this.models = await this.options.loadedModels().then(
        (models): TrayLoadedModels => ({ state: 'read', models }),
        (): TrayLoadedModels => ({ state: 'unreachable', reason: 'Ollama is not running' }),
      );
    }
    if (this.disposed) return this.current;
    this.current = this.snapshot();
    this.changes.fire(this.current);
    return this.current;
  }

  dispose(): void {
    this.disposed = true;
    if (this.rebuildTimer !== undefined) this.timers.clearTimeout(this.rebuildTimer);
    if (this.pollTimer !== undefined) this.timers.clearTimeout(this.pollTimer);
    this.rebuildTimer = this.pollTimer = undefined;
    this.clusterSubscription?.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changes.dispose();
  }

  private schedule(): void {
    if (this.disposed || this.rebuildTimer !== undefined) return;
    this.rebuildTimer = this.timers.setTimeout(() => void this.rebuild(), this.options.debounceMs ?? 200);
  }

  private poll(): void {
    this.pollTimer = this.timers.setTimeout(() => {
      this.pollTimer = undefined;
      if (this.disposed) return;
      this.refresh();
      this.poll();
    }, this.options.modelsPollMs ?? 30_000);
  }

  /** Listens to the cluster the runtime has now (none, the same, or a new one after a config change). */
  private followCluster(): void {
    const cluster = this.options.runtime.cluster;
    if (cluster === this.cluster) return;
    this.clusterSubscription?.dispose();
    this.cluster = cluster;
    this.clusterSubscription = cluster?.events.onEvent((event) => {
      if (MENU_EVENTS.has(event.type)) this.schedule();
      // A routed turn loads its model: the local models list may have grown.
      if (event.type === 'route') this.refresh();
    });
  }

  private snapshot(): TrayState {
    const { runtime, platform } = this.options;
    const { serverNote, ...app } = this.options.appState();
    const url = runtime.status?.url;
    return {
      server: { state: this.serverState, ...(url && this.serverState === 'running' ? { url } : {}), ...(serverNote ? { note: serverNote } : {}) },
      ...(this.cluster ? { nodes: this.cluster.nodes() } : {}),
      loadedModels: this.models,
      pending: this.pending,
      platform,
      ...app,
    };
  }
}
