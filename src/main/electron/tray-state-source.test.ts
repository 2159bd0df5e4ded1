import { describe, expect, it } from 'vitest';
import type { ClusterEvent, NodeStatus, PendingConfirmation } from '../../shared';
import { Emitter } from '../base';
import type { Timers } from '../cluster/timers';
import type { RunningModel } from '../llm/ollama-admin';
import type { RuntimeStatus, RuntimeStatusChange } from '../runtime';
import { TrayStateSource, type TrayCluster, type TrayRuntime } from './tray-state-source';
import { trayHealth, type TrayState } from './tray-state';
import { confirmation, node } from './tray-test-states';

/** Timers run by hand: the test says when time passes, and sees what is still scheduled. */
class ManualTimers implements Timers {
  private next = 0;
  readonly scheduled = new Map<number, { callback: () => void; ms: number }>();
  setTimeout(callback: () => void, ms: number): unknown {
    this.next += 1;
    this.scheduled.set(this.next, { callback, ms });
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.scheduled.delete(handle as number);
  }
  /** Runs the timers due within `ms` (the debounce), leaving the longer ones (the models poll). */
  runWithin(ms: number): void {
    for (const [handle, timer] of [...this.scheduled]) {
      if (timer.ms > ms) continue;
      this.scheduled.delete(handle);
      timer.callback();
    }
  }
}

class FakeCluster implements TrayCluster {
  nodeList: NodeStatus[];
  readonly emitter = new Emitter<ClusterEvent>();
  readonly events = { onEvent: this.emitter.event };
  constructor(nodes: NodeStatus[]) {
    this.nodeList = nodes;
  }
  nodes(): NodeStatus[] {
    return this.nodeList;
  }
  healthChanged(name: string): void {
    this.emitter.fire({ type: 'node_health', at: '', name, previous: 'available', health: node(name).health });
  }
}

class FakeRuntime implements TrayRuntime {
  readonly statusEmitter = new Emitter<RuntimeStatusChange>();
  readonly pendingEmitter = new Emitter<PendingConfirmation[]>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  readonly onDidChangePendingConfirmations = this.pendingEmitter.event;
  status: RuntimeStatus | undefined = { url: 'http://127.0.0.1:8000', port: 8000, model: 'qwen2.5:7b', signInUrl: '' };
  cluster: FakeCluster | undefined;
}

function setUp(options: { models?: () => Promise<RunningModel[]>; cluster?: FakeCluster } = {}) {
  const runtime = new FakeRuntime();
  runtime.cluster = options.cluster;
  const timers = new ManualTimers();
  let modelReads = 0;
  const source = new TrayStateSource({
    runtime,
    loadedModels: () => {
      modelReads += 1;
      return options.models ? options.models() : Promise.resolve([]);
    },
    appState: () => ({ launchAtLogin: false }),
    platform: 'linux',
    timers,
    debounceMs: 200,
    modelsPollMs: 30_000,
  });
  const states: TrayState[] = [];
  source.onDidChange((state) => states.push(state));
  /** Lets the debounce timer fire and the rebuild (which awaits the models read) finish. */
  const settle = async () => {
    timers.runWithin(200);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { runtime, timers, source, states, settle, modelReads: () => modelReads };
}

describe('the tray state source', () => {
  it('makes one rebuild of a burst of runtime and cluster events', async () => {
    const cluster = new FakeCluster([node('a'), node('b')]);
    const { runtime, states, settle } = setUp({ cluster });
    runtime.statusEmitter.fire({ state: 'running' });
    for (let count = 1; count <= 5; count += 1) runtime.pendingEmitter.fire(Array.from({ length: count }, (_, index) => confirmation(`c${index}`)));
    cluster.healthChanged('a');
    cluster.healthChanged('b');
    await settle();
    expect(states).toHaveLength(1);
    expect(states[0]?.pending).toHaveLength(5);
    expect(states[0]?.nodes?.map((entry) => entry.name)).toEqual(['a', 'b']);
  });

  it('follows a node going down: the next state (and so the icon) says some nodes are down', async () => {
    const cluster = new FakeCluster([node('a'), node('b')]);
    const { states, settle } = setUp({ cluster });
    cluster.nodeList = [node('a'), node('b', { status: 'unavailable' })];
    cluster.healthChanged('b');
    await settle();
    expect(trayHealth(states.at(-1) as TrayState)).toBe('degraded');
  });

  it('ignores cluster events that change nothing the tray shows (each health check)', async () => {
    const cluster = new FakeCluster([node('a')]);
    const { states, settle } = setUp({ cluster });
    cluster.emitter.fire({ type: 'node_check', at: '', name: 'a', health: node('a').health });
    await settle();
    expect(states).toHaveLength(0);
  });

  it('reads the loaded models, and says Ollama is not running when it cannot be reached', async () => {
    const loaded = setUp({ models: () => Promise.resolve([{ name: 'qwen2.5:7b', sizeBytes: 1, vramBytes: 1, expiresAt: '' }]) });
    loaded.source.refresh();
    await loaded.settle();
    expect(loaded.states.at(-1)?.loadedModels).toEqual({ state: 'read', models: [expect.objectContaining({ name: 'qwen2.5:7b' })] });

    const down = setUp({ models: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:11434')) });
    down.source.refresh();
    await down.settle();
    expect(down.states.at(-1)?.loadedModels).toEqual({ state: 'unreachable', reason: 'Ollama is not running' });
  });

  it('reads the models again only when something may have changed them', async () => {
    const { runtime, source, settle, modelReads } = setUp();
    source.refresh();
    await settle();
    runtime.pendingEmitter.fire([confirmation('c1')]);
    await settle();
    expect(modelReads()).toBe(1);
    runtime.statusEmitter.fire({ state: 'stopped' });
    await settle();
    expect(modelReads()).toBe(2);
  });

  it('listens to the cluster a config change brings, and no longer to the old one', async () => {
    const old = new FakeCluster([node('old')]);
    const { runtime, states, settle } = setUp({ cluster: old });
    const replacement = new FakeCluster([node('new')]);
    runtime.cluster = replacement;
    runtime.statusEmitter.fire({ state: 'running' });
    await settle();
    expect(states.at(-1)?.nodes?.map((entry) => entry.name)).toEqual(['new']);
    expect(old.emitter.hasListeners).toBe(false);
    replacement.healthChanged('new');
    await settle();
    expect(states).toHaveLength(2);
  });

  it('leaves no timer and no listener behind when disposed', () => {
    const cluster = new FakeCluster([node('a')]);
    const { runtime, timers, source } = setUp({ cluster });
    runtime.pendingEmitter.fire([confirmation('c1')]);
    expect(timers.scheduled.size).toBe(2);
    source.dispose();
    expect(timers.scheduled.size).toBe(0);
    expect(cluster.emitter.hasListeners).toBe(false);
    expect(runtime.statusEmitter.hasListeners).toBe(false);
  });
});
