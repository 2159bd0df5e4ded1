// MdnsAdvertiser against an in-memory mDNS network: what it publishes, the goodbye, name clashes, and clean stops.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DiscoveryError } from './discovery-error';
import type { DiscoveredNode } from './discovery-txt';
import { FakeMdnsNetwork } from './fake-mdns-network';
import { MdnsAdvertiser, type MdnsAdvertiserOptions } from './mdns-advertiser';
import { MdnsBrowser } from './mdns-browser';

const studio = { name: 'studio', port: 8123, model: 'qwen2.5:14b', tier: 2, version: '0.1.0', kind: 'harombe' } as const;
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('MdnsAdvertiser', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    vi.useRealTimers();
  });

  function advertiser(network: FakeMdnsNetwork, options: Partial<MdnsAdvertiserOptions> = {}): MdnsAdvertiser {
    const created = new MdnsAdvertiser({ ...studio, host: 'studio-box', nameCheckMs: 0, createBonjour: network.createBonjour, ...options });
    stops.push(() => created.stop());
    return created;
  }

  async function browse(network: FakeMdnsNetwork): Promise<{ found: DiscoveredNode[]; lost: string[] }> {
    const browser = new MdnsBrowser({ createBonjour: network.createBonjour, refreshIntervalMs: 0 });
    stops.push(() => browser.stop());
    const seen = { found: [] as DiscoveredNode[], lost: [] as string[] };
    browser.onDidFind((node) => seen.found.push(node));
    browser.onDidLose((name) => seen.lost.push(name));
    await browser.start();
    return seen;
  }

  it('publishes _harombe._tcp on <host>.local with name, model, tier, version and kind in TXT', async () => {
    const network = new FakeMdnsNetwork();
    const seen = await browse(network);
    const node = advertiser(network);
    await node.start();
    expect(node.advertisedHost).toBe('studio-box.local');
    expect(network.handles[1]?.published).toEqual([
      {
        name: 'studio',
        type: 'harombe',
        protocol: 'tcp',
        port: 8123,
        host: 'studio-box.local',
        txt: { name: 'studio', model: 'qwen2.5:14b', tier: '2', version: '0.1.0', kind: 'harombe' },
      },
    ]);
    expect(seen.found).toEqual([
      { name: 'studio', host: network.handles[1]?.address, port: 8123, model: 'qwen2.5:14b', tier: 2, version: '0.1.0', kind: 'harombe', source: 'mdns' },
    ]);
  });

  it('says goodbye on stop, so browsers drop it at once, and closes its socket', async () => {
    const network = new FakeMdnsNetwork();
    const seen = await browse(network);
    const node = advertiser(network);
    await node.start();
    await node.stop();
    expect(seen.lost).toEqual(['studio']);
    expect(network.handles[1]?.destroyed).toBe(true);
  });

  it('refuses to start when another machine already advertises the same name, and publishes nothing', async () => {
    const network = new FakeMdnsNetwork();
    const first = advertiser(network);
    await first.start();
    const second = advertiser(network, { nameCheckMs: 1_000, port: 9000 });
    const failure = await second.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscoveryError);
    expect((failure as DiscoveryError).message).toBe('Another machine (10.0.0.10) already advertises a harombe node named "studio" on this network.');
    expect((failure as DiscoveryError).hint).toMatch(/different name/);
    expect(network.handles[1]?.published).toEqual([]);
    expect(network.handles[1]?.destroyed).toBe(true);
  });

  it('publishes after the name check finds no one, and stop during the check publishes nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const network = new FakeMdnsNetwork();
    const node = advertiser(network, { nameCheckMs: 1_000 });
    const started = node.start();
    await settle();
    expect(network.handles[0]?.published).toEqual([]);
    vi.advanceTimersByTime(1_000);
    await started;
    expect(network.handles[0]?.published).toHaveLength(1);

    const interrupted = advertiser(network, { name: 'laptop', nameCheckMs: 1_000 });
    const starting = interrupted.start();
    await interrupted.stop();
    await starting;
    expect(network.handles[1]?.published).toEqual([]);
    expect(network.handles[1]?.destroyed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects start with a hint when the socket reports an error', async () => {
    const network = new FakeMdnsNetwork();
    const failing = new FakeMdnsNetwork();
    const node = advertiser(network, {
      createBonjour: (options, onError) => {
        const handle = failing.createBonjour(options, onError);
        onError(new Error('bind EADDRINUSE 0.0.0.0:5353'));
        return handle;
      },
      logger: { debug: () => {}, warn: () => {} },
    });
    const failure = await node.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiscoveryError);
    expect((failure as DiscoveryError).message).toContain('EADDRINUSE');
    expect((failure as DiscoveryError).hint).toContain('server.advertise: false');
    expect(failing.openSockets()).toBe(0);
  });

  it('multicasts on the interface it is given, keeping the other socket options', async () => {
    const network = new FakeMdnsNetwork();
    await advertiser(network, { interface: '10.253.1.1', mdns: { ttl: 1, interface: '10.9.9.9' } }).start();
    expect(network.handles[0]?.options).toEqual({ ttl: 1, interface: '10.253.1.1' });
  });

  it.each([
    [{ port: 0 }, /port 0/],
    [{ tier: 3 }, /tier 3/],
    [{ name: '' }, /node name ""/],
    [{ name: 'x'.repeat(64) }, /1 to 63 bytes/],
    [{ model: 'm'.repeat(250) }, /one TXT entry holds at most 255 bytes/],
  ])('refuses to advertise %j', (bad, message) => {
    expect(() => new MdnsAdvertiser({ ...studio, ...bad })).toThrow(message);
  });
});
