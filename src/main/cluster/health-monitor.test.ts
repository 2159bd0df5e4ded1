import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HealthMonitor, type HealthChange, type HealthMonitorOptions, type HealthRetry } from './health-monitor';
import { NodeRegistry } from './node-registry';
import { fetchProbeTransport } from './probe-transport';
import { ScriptedLlmClient } from '../../../test/support/scripted-llm-client';

type Handler = (url: string, init: RequestInit | undefined) => Promise<Response>;

const json = (value: unknown) => Promise.resolve(new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } }));
const refused = () =>
  Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
/** Answers after `ms` of (fake) time. */
const slow = (ms: number, value: unknown) => new Promise<Response>((resolve) => setTimeout(() => void json(value).then(resolve), ms));
/** Never answers; gives up when the check aborts. */
const hang = (_url: string, init: RequestInit | undefined) =>
  new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

function setup(handlers: Record<string, Handler>, options: Partial<HealthMonitorOptions> = {}) {
  const calls: { url: string; authorization: string | null }[] = [];
  const fakeFetch: typeof fetch = (input, init) => {
    const url = String(input);
    calls.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    const handler = handlers[url];
    return handler ? handler(url, init) : Promise.resolve(new Response('404 page not found', { status: 404 }));
  };
  const registry = new NodeRegistry({ clientFactory: () => new ScriptedLlmClient() });
  const monitor = new HealthMonitor({ registry, transport: fetchProbeTransport(fakeFetch), random: () => 0.5, ...options });
  const changes: HealthChange[] = [];
  monitor.onDidChangeHealth((change) => changes.push(change));
  return { registry, monitor, calls, changes };
}

const TAGS = 'http://gpu.lan:11434/api/tags';

describe('HealthMonitor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-26T14:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('marks an Ollama node that serves its model available, with latency and the models it serves', async () => {
    const { registry, monitor, changes } = setup({ [TAGS]: () => slow(40, { models: [{ name: 'qwen2.5:7b' }, { name: 'llama3:latest' }] }) });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'qwen2.5:7b', tier: 1, kind: 'ollama' }, { source: 'config' });
    const pending = monitor.checkNow('gpu');
    await vi.advanceTimersByTimeAsync(40);
    expect(await pending).toEqual({
      status: 'available',
      reason: 'answered in 40 ms',
      latency_ms: 40,
      last_check: '2026-11-26T14:00:00.040Z',
      consecutive_failures: 0,
      model_ok: true,
      served_models: ['qwen2.5:7b', 'llama3:latest'],
      fix: null,
      recent_latencies_ms: [40],
    });
    expect(registry.get('gpu')?.health.status).toBe('available');
    expect(changes.map((change) => `${change.previous.status}→${change.health.status}`)).toEqual(['unknown→available']);
  });

  it('asks a server once per round for all the nodes it serves, and judges each node by its own model', async () => {
    const { registry, monitor, calls } = setup(
      {
        [TAGS]: () => json({ models: [{ name: 'qwen2.5:7b' }, { name: 'llama3.2:3b' }] }),
        'http://gpu.lan:8000/v1/models': () => json({ data: [{ id: 'qwen2.5:7b' }] }),
      },
      { intervalMs: 10_000, jitter: 0 },
    );
    registry.add({ name: 'gpu-7b', host: 'gpu.lan', port: 11434, model: 'qwen2.5:7b', tier: 1, kind: 'ollama' }, { source: 'config' });
    registry.add({ name: 'gpu-3b', host: 'gpu.lan', port: 11434, model: 'llama3.2:3b', tier: 0, kind: 'ollama' }, { source: 'config' });
    registry.add({ name: 'gpu-70b', host: 'gpu.lan', port: 11434, model: 'llama3.1:70b', tier: 2, kind: 'ollama' }, { source: 'config' });
    // Another server on the same machine (vLLM behind a key) is another question.
    registry.add({ name: 'vllm', host: 'gpu.lan', port: 8000, model: 'qwen2.5:7b', tier: 1, kind: 'openai', auth_token: 'k1' }, { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((call) => call.url).sort()).toEqual([TAGS, 'http://gpu.lan:8000/v1/models']);
    expect(monitor.endpointCount).toBe(2);
    expect(registry.get('gpu-7b')?.health).toMatchObject({ status: 'available', model_ok: true });
    expect(registry.get('gpu-3b')?.health).toMatchObject({ status: 'available', model_ok: true });
    expect(registry.get('gpu-70b')?.health).toMatchObject({ status: 'unavailable', model_ok: false });
    expect(registry.get('gpu-70b')?.health.reason).toContain('ollama pull llama3.1:70b');
    expect(registry.get('vllm')?.health.status).toBe('available');

    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.filter((call) => call.url === TAGS)).toHaveLength(2);

    // Nodes leaving one by one: the others are still checked; the last one gone, so is the check.
    registry.remove('gpu-7b');
    registry.remove('gpu-3b');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.filter((call) => call.url === TAGS)).toHaveLength(3);
    registry.remove('gpu-70b');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls.filter((call) => call.url === TAGS)).toHaveLength(3);
    await monitor.stop();
  });

  it('does not go on checking a node checked on demand and removed before the monitor started', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: () => json({ models: [{ name: 'm' }] }) }, { intervalMs: 10_000, jitter: 0 });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    await monitor.checkNow('gpu');
    registry.remove('gpu');
    monitor.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(calls).toHaveLength(1);
    expect(monitor.endpointCount).toBe(0);
    await monitor.stop();
  });

  it('asks separately when the same address is reached with different keys', async () => {
    const { registry, monitor, calls } = setup({ 'http://gpu.lan:8000/v1/models': () => json({ data: [{ id: 'm' }] }) });
    registry.add({ name: 'alice', host: 'gpu.lan', port: 8000, model: 'm', tier: 0, kind: 'openai', auth_token: 'alice-key' }, { source: 'config' });
    registry.add({ name: 'bob', host: 'gpu.lan', port: 8000, model: 'm', tier: 0, kind: 'openai', auth_token: 'bob-key' }, { source: 'config' });
    await monitor.checkAll();
    expect(calls.map((call) => call.authorization).sort()).toEqual(['Bearer alice-key', 'Bearer bob-key']);
  });

  it('takes a harombe node whose model server is down (its /health says degraded) out of routing, saying why', async () => {
    let ollamaUp = false;
    const { registry, monitor, changes } = setup({
      'http://box.lan:8000/health': () =>
        json(
          ollamaUp
            ? { status: 'healthy', model: 'qwen2.5:14b', version: '0.1.0', model_server: { reachable: true, model_present: true, checked_at: '2026-11-26T14:00:00Z' } }
            : {
                status: 'degraded',
                model: 'qwen2.5:14b',
                version: '0.1.0',
                model_server: { reachable: false, model_present: false, error: 'Ollama is not reachable', hint: 'Start it with `ollama serve`.', checked_at: '2026-11-26T14:00:00Z' },
              },
        ),
    });
    registry.add({ name: 'box', host: 'box.lan', model: 'qwen2.5:14b', tier: 1 }, { source: 'config' });
    expect(await monitor.checkNow('box')).toMatchObject({
      status: 'unavailable',
      model_ok: true,
      reason: 'its model server is down: Ollama is not reachable — Start it with `ollama serve`',
    });
    ollamaUp = true;
    expect(await monitor.checkNow('box')).toMatchObject({ status: 'available', model_ok: true });
    expect(changes.map((change) => `${change.previous.status}→${change.health.status}`)).toEqual(['unknown→unavailable', 'unavailable→available']);
  });

  it('checks each kind where it answers and knows which model it really serves', async () => {
    const { registry, monitor, calls } = setup({
      'http://box.lan:8000/health': () => json({ status: 'healthy', model: 'qwen2.5:14b', version: '0.1.0' }),
      'http://vllm.lan:8001/v1/models': () => json({ object: 'list', data: [{ id: 'meta-llama/Llama-3.1-8B' }] }),
      [TAGS]: () => json({ models: [{ name: 'qwen2.5:3b' }] }),
    });
    registry.add({ name: 'box', host: 'box.lan', model: 'qwen2.5:14b', tier: 1, auth_token: 'harombe-secret' }, { source: 'config' });
    registry.add(
      { name: 'vllm', host: 'vllm.lan', port: 8001, model: 'meta-llama/Llama-3.1-8B', tier: 2, kind: 'openai', auth_token: 'sk-1' },
      { source: 'config' },
    );
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'qwen2.5:72b', tier: 2, kind: 'ollama' }, { source: 'config' });
    await monitor.checkAll();

    expect(registry.get('box')?.health).toMatchObject({ status: 'available', model_ok: true });
    expect(registry.get('vllm')?.health).toMatchObject({ status: 'available', model_ok: true });
    expect(registry.get('gpu')?.health).toMatchObject({
      status: 'unavailable',
      model_ok: false,
      reason: 'serves qwen2.5:3b, not qwen2.5:72b as configured; run `ollama pull qwen2.5:72b` there',
    });
    // /health is open; the OpenAI-compatible server gets its key. The harombe token is never sent to /health.
    expect(calls.find((call) => call.url.endsWith('/health'))?.authorization).toBeNull();
    expect(calls.find((call) => call.url.endsWith('/v1/models'))?.authorization).toBe('Bearer sk-1');
  });

  it('retries a failed check with growing delays before calling the node unavailable', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: refused }, { retries: 2, retryBaseMs: 500 });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    const pending = monitor.checkNow('gpu');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    // random() = 0.5 with the default half jitter: 75% of 500 ms, then of 1,000 ms.
    await vi.advanceTimersByTimeAsync(374);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(750);
    expect(calls).toHaveLength(3);
    expect(await pending).toMatchObject({
      status: 'unavailable',
      consecutive_failures: 1,
      reason: 'Cannot reach http://gpu.lan:11434/api/tags (ECONNREFUSED); check that the node is running and its host and port.',
    });
  });

  it('retries a check that fails once with backoff, and the node is up after the pause, recovering', async () => {
    let answer: Handler = refused;
    const { registry, monitor, calls } = setup({ [TAGS]: (url, init) => answer(url, init) }, { retries: 2, retryBaseMs: 1_000 });
    const retries: HealthRetry[] = [];
    monitor.onDidScheduleRetry((retry) => {
      retries.push(retry);
      answer = () => json({ models: [{ name: 'm' }] });
    });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    const pending = monitor.checkNow('gpu');
    await vi.advanceTimersByTimeAsync(0);
    expect(retries).toEqual([{ url: TAGS, attempt: 1, delayMs: 750, error: expect.stringContaining('ECONNREFUSED') }]);
    // random() = 0.5: 75% of the first delay. No second attempt before it ends.
    await vi.advanceTimersByTimeAsync(749);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    // One failed check, then an answer: up, and routable, but not yet called clean.
    expect(await pending).toMatchObject({ status: 'degraded', consecutive_failures: 0, reason: 'recovering: 1 of the last 2 checks failed' });
    expect(retries).toHaveLength(1);
  });

  it('caps the pause between retries at retryMaxMs', async () => {
    const { registry, monitor } = setup({ [TAGS]: refused }, { retries: 4, retryBaseMs: 1_000, retryMaxMs: 3_000, random: () => 1 });
    const delays: number[] = [];
    monitor.onDidScheduleRetry((retry) => delays.push(retry.delayMs));
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    const pending = monitor.checkNow('gpu');
    await vi.advanceTimersByTimeAsync(20_000);
    expect((await pending).status).toBe('unavailable');
    expect(delays).toEqual([1_000, 2_000, 3_000, 3_000]);
  });

  it('gives up on an attempt after its timeout', async () => {
    const { registry, monitor } = setup({ [TAGS]: hang }, { retries: 0, timeoutMs: 3_000 });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    const pending = monitor.checkNow('gpu');
    await vi.advanceTimersByTimeAsync(3_000);
    expect((await pending).reason).toBe('No answer from http://gpu.lan:11434/api/tags within 3 s.');
  });

  it('calls a slow node degraded, and a recovering one degraded until its recent checks are clean', async () => {
    let answer: Handler = () => slow(2_500, { models: [{ name: 'm' }] });
    const { registry, monitor } = setup({ [TAGS]: (url, init) => answer(url, init) }, { retries: 0, recentAttempts: 2, slowThresholdMs: 2_000 });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    const pending = monitor.checkNow('gpu');
    await vi.advanceTimersByTimeAsync(2_500);
    expect(await pending).toMatchObject({ status: 'degraded', reason: 'slow: 2.5 s on average (over 2 s)' });

    answer = refused;
    expect(await monitor.checkNow('gpu')).toMatchObject({ status: 'unavailable', latency_ms: 2_500 });
    answer = () => json({ models: [{ name: 'm' }] });
    expect(await monitor.checkNow('gpu')).toMatchObject({ status: 'degraded', reason: 'recovering: 1 of the last 2 checks failed' });
    // The average still remembers the slow answers: smoothing, not the last sample.
    expect(registry.get('gpu')?.health.latency_ms).toBe(1_750);
    expect(await monitor.checkNow('gpu')).toMatchObject({ status: 'available' });
  });

  it('checks every node at start, then every interval with jitter, and stop() leaves no timer', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: () => json({ models: [] }) }, { intervalMs: 10_000, jitter: 0.1, random: () => 1 });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    registry.add({ name: 'off', host: 'off.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama', enabled: false }, { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((call) => call.url)).toEqual([TAGS]);
    await vi.advanceTimersByTimeAsync(10_999); // random() = 1 → +10%: 11 s
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);

    registry.add({ name: 'late', host: 'late.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'runtime' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.at(-1)?.url).toBe('http://late.lan:11434/api/tags');
    registry.remove('late');

    await monitor.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls.filter((call) => call.url.includes('late.lan'))).toHaveLength(1);
    expect(calls).toHaveLength(3);
  });

  it('stop() ends checks that are still waiting', async () => {
    const { registry, monitor } = setup({ [TAGS]: hang }, { timeoutMs: 60_000 });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    monitor.start();
    await vi.advanceTimersByTimeAsync(0);
    await monitor.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(registry.get('gpu')?.health.status).toBe('unknown');
  });

  it('reports a node that answers but is not what the config says it is', async () => {
    const { registry, monitor } = setup({ 'http://box.lan:8000/health': () => Promise.resolve(new Response('<html>router login</html>')) }, { retries: 0 });
    registry.add({ name: 'box', host: 'box.lan', model: 'm', tier: 0 }, { source: 'config' });
    expect((await monitor.checkNow('box')).reason).toBe(
      'http://box.lan:8000/health did not answer like a harombe server (not JSON); check the node\'s kind and port.',
    );
    await expect(monitor.checkNow('nobody')).rejects.toThrow('No node named "nobody" in the cluster.');
  });
});

describe('HealthMonitor on the real clock', () => {
  /** Timers the event loop holds: what would keep a hosting process (the desktop app) from quitting. */
  const activeTimeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

  it('stop() during the pause before a retry ends the check at once and leaves no timer', async () => {
    const { registry, monitor, calls } = setup({ [TAGS]: refused }, { retries: 2, retryBaseMs: 60_000, retryMaxMs: 60_000 });
    registry.add({ name: 'gpu', host: 'gpu.lan', port: 11434, model: 'm', tier: 0, kind: 'ollama' }, { source: 'config' });
    const before = activeTimeouts();
    const pausing = new Promise<HealthRetry>((resolve) => monitor.onDidScheduleRetry(resolve));
    const check = monitor.checkNow('gpu').then(
      () => 'finished',
      () => 'stopped',
    );
    expect((await pausing).delayMs).toBe(45_000);
    expect(activeTimeouts()).toBeGreaterThan(before);

    await monitor.stop();
    expect(await check).toBe('stopped');
    expect(activeTimeouts()).toBe(before);
    expect(calls).toHaveLength(1);
    // A stopped check says nothing about the node.
    expect(registry.get('gpu')?.health.status).toBe('unknown');
  });
});
