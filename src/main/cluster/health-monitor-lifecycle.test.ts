// The health monitor over its life, as `harombe cluster status` and the router see it: its defaults, start and stop
// (twice, with a check under way), dispose, nodes replaced, removed or switched off, checks joined rather than doubled,
// and change events only for what a person would notice. Fake timers and a fake fetch: no port, no wait.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HealthMonitor, type HealthChange, type HealthMonitorOptions } from './health-monitor';
import { NodeRegistry } from './node-registry';
import { fetchProbeTransport } from './probe-transport';
import { ScriptedLlmClient } from '../../../test/support/scripted-llm-client';

type Handler = (url: string, init: RequestInit | undefined) => Promise<Response>;

const TAGS = 'http://gpu.lan:11434/api/tags';
const OTHER = 'http://gpu.lan:11435/api/tags';
const json = (value: unknown) => Promise.resolve(new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } }));
const models = (...names: string[]) => () => json({ models: names.map((name) => ({ name })) });
/** Answers after `ms` of (fake) time. */
const slow = (ms: number, value: unknown) => () => new Promise<Response>((resolve) => setTimeout(() => void json(value).then(resolve), ms));
/** Never answers; gives up when the check aborts. */
const hang: Handler = (_url, init) => new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
const ollama = (name: string, more: { port?: number; model?: string; enabled?: boolean } = {}) =>
  ({ name, host: 'gpu.lan', port: more.port ?? 11434, model: more.model ?? 'm', tier: 0, kind: 'ollama' as const, enabled: more.enabled ?? true });

function setup(handlers: Record<string, Handler>, options: Partial<HealthMonitorOptions> = {}) {
  const calls: string[] = [];
  const fakeFetch: typeof fetch = (input, init) => {
    const url = String(input);
    calls.push(url);
    const handler = handlers[url];
    return handler ? handler(url, init) : Promise.resolve(new Response('404 page not found', { status: 404 }));
  };
  const registry = new NodeRegistry({ clientFactory: () => new ScriptedLlmClient() });
  const monitor = new HealthMonitor({ registry, transport: fetchProbeTransport(fakeFetch), random: () => 0.5, retries: 0, ...options });
  const changes: HealthChange[] = [];
  const checks: HealthChange[] = [];
  monitor.onDidChangeHealth((change) => changes.push(change));
  monitor.onDidCheck((check) => checks.push(check));
  return { registry, monitor, calls, changes, checks };
}

describe('HealthMonitor over its life', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-12-02T12:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('checks every 10 s ± 10% by default and calls an answer slower than 2 s degraded', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: slow(2_500, { models: [{ name: 'm' }] }) }, { random: () => 1 });
    registry.add(ollama('gpu'), { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(registry.get('gpu')?.health).toMatchObject({ status: 'degraded', reason: 'slow: 2.5 s on average (over 2 s)' });
    // The next check is due 11 s after the first ended (random() = 1: +10%).
    await vi.advanceTimersByTimeAsync(10_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_500);
    await monitor.stop();
  });

  it('spreads the interval both ways: a low draw checks early', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: models('m') }, { intervalMs: 10_000, jitter: 0.1, random: () => 0.25 });
    registry.add(ollama('gpu'), { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    // 2 × 0.25 − 1 = −0.5: 10 s − 5% = 9.5 s.
    await vi.advanceTimersByTimeAsync(9_499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await monitor.stop();
  });

  it('says whether it is running, and a second start() changes nothing', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: models('m') }, { intervalMs: 10_000, jitter: 0 });
    registry.add(ollama('gpu'), { source: 'config' });
    expect(monitor.isRunning).toBe(false);
    monitor.start();
    expect(monitor.isRunning).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    monitor.start();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await monitor.stop();
    expect(monitor.isRunning).toBe(false);
  });

  it('schedules nothing more after stop(), even for a check that was under way', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: hang }, { timeoutMs: 60_000 });
    registry.add(ollama('gpu'), { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    await monitor.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not hold a check cut short by stop() against the node', async () => {
    let answer: Handler = hang;
    const { registry, monitor } = setup({ [TAGS]: (url, init) => answer(url, init) }, { timeoutMs: 60_000 });
    registry.add(ollama('gpu'), { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    await monitor.stop();
    answer = models('m');
    expect(await monitor.checkNow('gpu')).toMatchObject({ status: 'available', reason: 'answered in 0 ms' });
  });

  it('tells no listener anything after dispose()', async () => {
    const { registry, monitor, changes, checks } = setup({ [TAGS]: () => Promise.reject(new TypeError('fetch failed')) }, { retries: 1, retryBaseMs: 10 });
    const retries: unknown[] = [];
    monitor.onDidScheduleRetry((retry) => retries.push(retry));
    registry.add(ollama('gpu'), { source: 'config' });
    await monitor.dispose();
    const checked = monitor.checkNow('gpu');
    await vi.advanceTimersByTimeAsync(100);
    expect((await checked).status).toBe('unavailable');
    expect({ changes, checks, retries }).toEqual({ changes: [], checks: [], retries: [] });
  });

  it('joins a check already under way instead of asking the node twice', async () => {
    const { registry, monitor, calls, checks } = setup({ [TAGS]: slow(1_000, { models: [{ name: 'm' }] }) });
    registry.add(ollama('gpu'), { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(500);
    const joined = monitor.checkNow('gpu');
    await vi.advanceTimersByTimeAsync(500);
    expect((await joined).status).toBe('available');
    expect(calls).toHaveLength(1);
    expect(checks).toHaveLength(1);
    await monitor.stop();
  });

  it('checks a node added at a watched address at once, and keeps one check per interval there', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: models('m', 'n') }, { intervalMs: 10_000, jitter: 0 });
    registry.add(ollama('gpu-m'), { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(4_000);
    registry.add(ollama('gpu-n', { model: 'n' }), { source: 'runtime' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(2);
    expect(registry.get('gpu-n')?.health.status).toBe('available');
    // The earlier round's timer was replaced: the next check is 10 s after this one, and only one.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
    await monitor.stop();
  });

  it('follows a node whose address changed to the new address, and stops asking the old one', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: models('m'), [OTHER]: models('m') }, { intervalMs: 10_000, jitter: 0 });
    registry.add(ollama('gpu'), { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    registry.add(ollama('gpu', { port: 11435 }), { source: 'config', replace: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([TAGS, OTHER]);
    expect(monitor.endpointCount).toBe(1);
    expect(registry.get('gpu')?.health.status).toBe('available');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([TAGS, OTHER, OTHER]);
    await monitor.stop();
  });

  it('forgets an address when its last node is removed, leaving no timer', async () => {
    const { registry, monitor } = setup({ [TAGS]: models('m') });
    registry.add(ollama('gpu'), { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(monitor.endpointCount).toBe(1);
    registry.remove('gpu');
    expect(monitor.endpointCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    await monitor.stop();
  });

  it('reports nothing about a node removed while its check ran', async () => {
    const { registry, monitor, changes, checks } = setup({ [TAGS]: slow(1_000, { models: [{ name: 'm' }] }) });
    const gpu = registry.add(ollama('gpu'), { source: 'config' });
    registry.add(ollama('gpu-2'), { source: 'config' });
    const checked = monitor.checkAll();
    await vi.advanceTimersByTimeAsync(500);
    registry.remove('gpu');
    await vi.advanceTimersByTimeAsync(500);
    await checked;
    expect(gpu.health.status).toBe('unknown');
    expect(checks.map((check) => check.node)).toEqual(['gpu-2']);
    expect(changes.map((change) => change.node)).toEqual(['gpu-2']);
  });

  it('checks a switched-off node only when asked by name, leaving it alone in rounds', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: models('m') });
    registry.add(ollama('on'), { source: 'config' });
    registry.add(ollama('off', { enabled: false }), { source: 'config' });
    await monitor.checkAll();
    expect(calls).toHaveLength(1);
    expect(registry.get('on')?.health.status).toBe('available');
    expect(registry.get('off')?.health.status).toBe('unknown');
    expect((await monitor.checkNow('off')).status).toBe('available');
  });

  it('tells change listeners only when the status or the model check changes', async () => {
    const { registry, monitor, changes, checks } = setup({ [TAGS]: models('m') });
    registry.add(ollama('gpu'), { source: 'config' });
    await monitor.checkNow('gpu');
    await monitor.checkNow('gpu');
    expect(checks).toHaveLength(2);
    expect(changes.map((change) => `${change.previous.status}→${change.health.status}`)).toEqual(['unknown→available']);
  });

  it('tells change listeners when a node that stays unavailable comes back without its model', async () => {
    let answer: Handler = () => Promise.reject(new TypeError('fetch failed'));
    const { registry, monitor, changes } = setup({ [TAGS]: (url, init) => answer(url, init) });
    registry.add(ollama('gpu'), { source: 'config' });
    expect(await monitor.checkNow('gpu')).toMatchObject({ status: 'unavailable', model_ok: null });
    answer = models('another-model');
    expect(await monitor.checkNow('gpu')).toMatchObject({ status: 'unavailable', model_ok: false });
    expect(changes.map((change) => `${change.previous.status}/${change.previous.model_ok}→${change.health.status}/${change.health.model_ok}`)).toEqual([
      'unknown/null→unavailable/null',
      'unavailable/null→unavailable/false',
    ]);
  });

  it('remembers a failed check made before start(): the first round calls the node recovering, not clean', async () => {
    let answer: Handler = () => Promise.reject(new TypeError('fetch failed'));
    const { registry, monitor } = setup({ [TAGS]: (url, init) => answer(url, init) });
    registry.add(ollama('gpu'), { source: 'config' });
    expect((await monitor.checkNow('gpu')).status).toBe('unavailable');
    answer = models('m');
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(registry.get('gpu')?.health).toMatchObject({ status: 'degraded', reason: 'recovering: 1 of the last 2 checks failed' });
    await monitor.stop();
  });

  it('keeps at most 50 of the models a server lists', async () => {
    const many = Array.from({ length: 60 }, (_, index) => `model-${index}`);
    const { registry, monitor } = setup({ [TAGS]: models(...many) });
    registry.add(ollama('gpu', { model: 'model-59' }), { source: 'config' });
    const health = await monitor.checkNow('gpu');
    expect(health).toMatchObject({ status: 'available', model_ok: true });
    expect(health.served_models).toEqual(many.slice(0, 50));
  });
});
