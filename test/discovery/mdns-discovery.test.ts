// mDNS discovery between two processes in private network namespaces: find, connect, leave, ignore malformed TXT.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptRunner, type ChildScript, type ScriptEvent } from './child-script';
import { createNamespacePair } from './network-namespaces';

const setup = createNamespacePair();
if (setup.skipReason) console.warn(`Skipping mDNS namespace tests: ${setup.skipReason}`);
const pair = setup.pair;

let scripts: ScriptRunner | undefined;

const run = (namespace: string, script: string, options: unknown): ChildScript => scripts!.run(namespace, script, options);

/** An advertise-node script for `name` (model "m", tier 1, kind harombe unless `details` says otherwise). */
function advertise(namespace: string, listenAddress: string, name: string, details: Record<string, unknown> = {}): ChildScript {
  return run(namespace, 'advertise-node', { name, model: 'm', tier: 1, kind: 'harombe', version: '0.1.0', listenAddress, ...details });
}

const debugAbout =
  (...texts: string[]) =>
  (event: ScriptEvent) =>
    event.event === 'debug' && texts.every((text) => String(event.message).includes(text));
const isFound = (name: string) => (event: ScriptEvent) => event.event === 'found' && (event.node as { name: string }).name === name;

beforeAll(async () => {
  if (!pair) return;
  scripts = await ScriptRunner.bundle(['advertise-node.ts', 'browse-nodes.ts', 'publish-raw.ts']);
});

afterEach(async () => {
  await scripts?.stopAll();
});

afterAll(async () => {
  pair?.dispose();
  await scripts?.dispose();
});

describe.skipIf(!pair)('mDNS discovery across network namespaces', () => {
  it('finds a node advertised from another namespace, with its TXT details and an address that answers HTTP', async () => {
    const { a, b } = pair!;
    const advertiser = advertise(a.namespace, a.address, 'studio', { model: 'qwen2.5:14b', tier: 2 });
    const advertising = await advertiser.next((event) => event.event === 'advertising', 'the advertisement');
    const browser = run(b.namespace, 'browse-nodes', { fetchFound: true });

    const found = await browser.next(isFound('studio'), 'studio to be found');
    expect(found.node).toEqual({
      name: 'studio',
      host: a.address,
      port: advertising.port,
      model: 'qwen2.5:14b',
      tier: 2,
      version: '0.1.0',
      kind: 'harombe',
      source: 'mdns',
    });
    const fetched = await browser.next((event) => event.event === 'fetched' || event.event === 'fetch-failed', 'the HTTP fetch');
    expect(fetched).toEqual({ event: 'fetched', name: 'studio', status: 200, body: { status: 'healthy', node: 'studio' } });
  });

  it('reports the node lost when its advertiser stops', async () => {
    const { a, b } = pair!;
    const browser = run(b.namespace, 'browse-nodes', {});
    await browser.next((event) => event.event === 'browsing', 'browsing to start');
    const advertiser = advertise(a.namespace, a.address, 'laptop', { model: 'qwen2.5:3b', tier: 0, kind: 'ollama' });
    const found = await browser.next(isFound('laptop'), 'laptop to be found (announced after the browser started)');
    expect(found.node).toMatchObject({ name: 'laptop', kind: 'ollama', tier: 0, host: a.address });
    expect(browser.events.some((event) => event.event === 'lost')).toBe(false);

    // Exit 0 without being killed: stop() left no socket or timer that would keep the process alive.
    expect(await advertiser.stop()).toEqual({ code: 0, signal: null });
    expect(advertiser.events.at(-1)).toEqual({ event: 'stopped' });
    await browser.next((event) => event.event === 'lost' && event.name === 'laptop', 'laptop to be reported lost');
    expect(await browser.stop()).toEqual({ code: 0, signal: null });
  });

  it('reports a node lost when it vanishes without a goodbye and stops answering the refresh queries', async () => {
    const { a, b } = pair!;
    const advertiser = advertise(a.namespace, a.address, 'flaky');
    await advertiser.next((event) => event.event === 'advertising', 'the advertisement');
    const browser = run(b.namespace, 'browse-nodes', { refreshIntervalMs: 400 });
    await browser.next(isFound('flaky'), 'flaky to be found');
    await advertiser.crash();
    const lost = await browser.next((event) => event.event === 'lost', 'flaky to be reported lost');
    expect(lost.name).toBe('flaky');
    expect(browser.events.some(debugAbout('lost node "flaky": it answered none of the last 2 queries'))).toBe(true);
  });

  it('refuses to advertise a name another namespace already advertises', async () => {
    const { a, b } = pair!;
    const first = advertise(a.namespace, a.address, 'twin');
    await first.next((event) => event.event === 'advertising', 'the first advertisement');
    const second = advertise(b.namespace, b.address, 'twin');
    const failed = await second.next((event) => event.event === 'failed', 'the second advertiser to give up');
    expect(failed.message).toBe(`Another machine (${a.address}) already advertises a harombe node named "twin" on this network.`);
  });

  it('ignores an announcement with a malformed TXT record and still finds a well-formed one beside it', async () => {
    const { a, b } = pair!;
    const browser = run(b.namespace, 'browse-nodes', {});
    await browser.next((event) => event.event === 'browsing', 'browsing to start');
    run(a.namespace, 'publish-raw', {
      services: [
        { name: 'broken', port: 8001, txt: { name: 'broken', model: 'm', tier: 'banana' } },
        { name: 'no-model', port: 8002, txt: { name: 'no-model', tier: '1' } },
        { name: 'handmade', port: 8003, txt: { name: 'handmade', model: 'm', tier: '0' } },
      ],
    });
    const found = await browser.next(isFound('handmade'), 'the well-formed service');
    expect(found.node).toEqual({ name: 'handmade', host: a.address, port: 8003, model: 'm', tier: 0, kind: 'harombe', source: 'mdns' });
    await browser.next(debugAbout('broken._harombe._tcp.local', 'tier: tier must be 0, 1 or 2'), 'a debug line for the malformed tier');
    await browser.next(debugAbout('no-model._harombe._tcp.local', 'model: '), 'a debug line for the missing model');
    expect(browser.events.filter((event) => event.event === 'found').map((event) => (event.node as { name: string }).name)).toEqual(['handmade']);
  });

  it('uses the packet’s source address where bonjour-service announces no addresses (loopback only)', async () => {
    const { loopbackOnly } = pair!;
    const browser = run(loopbackOnly, 'browse-nodes', { fetchFound: true });
    await browser.next((event) => event.event === 'browsing', 'browsing to start');
    advertise(loopbackOnly, '127.0.0.1', 'solo');
    const found = await browser.next(isFound('solo'), 'solo to be found over loopback');
    expect(found.node).toMatchObject({ name: 'solo', host: '127.0.0.1' });
    expect(await browser.next((event) => event.event === 'fetched' || event.event === 'fetch-failed', 'the HTTP fetch')).toMatchObject({
      event: 'fetched',
      status: 200,
    });
  });
});
