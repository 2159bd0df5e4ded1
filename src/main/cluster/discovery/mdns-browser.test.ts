// MdnsBrowser against an in-memory mDNS network: finding, ignoring, losing nodes, and leaving nothing running.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowsedService } from './bonjour-handle';
import { DiscoveryError } from './discovery-error';
import type { DiscoveredNode } from './discovery-txt';
import { FakeMdnsNetwork } from './fake-mdns-network';
import { MdnsBrowser, connectableAddress } from './mdns-browser';

const REFRESH_MS = 30_000;

function harombeService(name: string, overrides: Partial<BrowsedService> = {}): BrowsedService {
  return {
    name,
    fqdn: `${name}._harombe._tcp.local`,
    host: `${name}.local`,
    port: 8000,
    txt: { name, model: 'qwen2.5:7b', tier: '1', version: '0.1.0', kind: 'harombe' },
    addresses: [],
    referer: { address: '10.0.0.5', family: 'IPv4' },
    ...overrides,
  };
}

/** Lets queued microtasks (the fake network's replies) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('MdnsBrowser', () => {
  let network: FakeMdnsNetwork;
  let browser: MdnsBrowser;
  let found: DiscoveredNode[];
  let lost: string[];
  let debug: string[];

  beforeEach(async () => {
    network = new FakeMdnsNetwork();
    found = [];
    lost = [];
    debug = [];
    browser = new MdnsBrowser({
      createBonjour: network.createBonjour,
      logger: { debug: (message) => debug.push(message), warn: () => {} },
      refreshIntervalMs: REFRESH_MS,
    });
    browser.onDidFind((node) => found.push(node));
    browser.onDidLose((name) => lost.push(name));
  });

  afterEach(async () => {
    await browser.stop();
    vi.useRealTimers();
  });

  it('reports a node that was already there, with its TXT details and the address its answer came from', async () => {
    network.announce(harombeService('studio', { port: 8123, txt: { name: 'studio', model: 'llama3:70b', tier: '2', version: '0.2.0', kind: 'ollama' } }));
    await browser.start();
    await settle();
    const studio = { name: 'studio', host: '10.0.0.5', port: 8123, model: 'llama3:70b', tier: 2, version: '0.2.0', kind: 'ollama', source: 'mdns' };
    expect(found).toEqual([studio]);
    expect(browser.nodes()).toEqual([studio]);
  });

  it('reports a node that appears later, once', async () => {
    await browser.start();
    await settle();
    expect(found).toEqual([]);
    network.announce(harombeService('laptop'));
    network.announce(harombeService('laptop')); // a re-announcement changes nothing
    expect(found.map((node) => node.name)).toEqual(['laptop']);
  });

  it('ignores an announcement whose TXT record is malformed, with a debug line saying why', async () => {
    network.announce(harombeService('broken', { txt: { name: 'broken', model: 'y', tier: 'banana' } }));
    network.announce(harombeService('fine'));
    await browser.start();
    await settle();
    expect(found.map((node) => node.name)).toEqual(['fine']);
    expect(debug.filter((line) => line.includes('broken._harombe._tcp.local'))).toEqual([
      expect.stringMatching(/ignored malformed mDNS announcement broken\._harombe\._tcp\.local from 10\.0\.0\.5: tier: tier must be 0, 1 or 2/),
    ]);
  });

  it('reports a node lost when it says goodbye', async () => {
    network.announce(harombeService('studio'));
    await browser.start();
    await settle();
    network.goodbye('studio._harombe._tcp.local');
    expect(lost).toEqual(['studio']);
    expect(browser.nodes()).toEqual([]);
  });

  it('reports a node lost once it has missed two refreshes, and not before', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    network.announce(harombeService('studio'));
    network.announce(harombeService('laptop'));
    await browser.start();
    await settle();
    network.vanish('studio._harombe._tcp.local');
    vi.advanceTimersByTime(REFRESH_MS); // studio answered the first query: still there
    await settle();
    vi.advanceTimersByTime(REFRESH_MS); // missed one
    await settle();
    expect(lost).toEqual([]);
    vi.advanceTimersByTime(REFRESH_MS); // missed two
    await settle();
    expect(lost).toEqual(['studio']);
    expect(browser.nodes().map((node) => node.name)).toEqual(['laptop']);
    expect(network.openBrowsers()).toBe(1);
  });

  it('reports a node again when its details change, and a rename as lose + find', async () => {
    network.announce(harombeService('studio'));
    await browser.start();
    await settle();
    network.announce(harombeService('studio', { txt: { name: 'studio', model: 'qwen2.5:32b', tier: '2' } }));
    expect(found.map((node) => `${node.name} ${node.model} ${node.tier}`)).toEqual(['studio qwen2.5:7b 1', 'studio qwen2.5:32b 2']);
    network.announce(harombeService('studio', { txt: { name: 'big-studio', model: 'qwen2.5:32b', tier: '2' } }));
    expect(lost).toEqual(['studio']);
    expect(found.at(-1)?.name).toBe('big-studio');
  });

  it('drops a node whose TXT record turns malformed', async () => {
    network.announce(harombeService('studio'));
    await browser.start();
    await settle();
    network.announce(harombeService('studio', { txt: { name: 'studio', model: 'y', tier: '9' } }));
    expect(lost).toEqual(['studio']);
  });

  it('ignores a second machine that claims a name already taken', async () => {
    network.announce(harombeService('studio'));
    network.announce(harombeService('impostor', { txt: { name: 'studio', model: 'y', tier: '0' }, referer: { address: '10.0.0.9', family: 'IPv4' } }));
    await browser.start();
    await settle();
    expect(found.map((node) => node.host)).toEqual(['10.0.0.5']);
    expect(debug.some((line) => line.includes('node name "studio" is already advertised'))).toBe(true);
  });

  it('browses the service type from the config', async () => {
    await browser.stop();
    browser = new MdnsBrowser({ serviceType: '_my-lab._tcp.local', createBonjour: network.createBonjour });
    browser.onDidFind((node) => found.push(node));
    network.announce(harombeService('harombe-type'));
    network.announce(harombeService('lab-node', { fqdn: 'lab-node._my-lab._tcp.local' }), '_my-lab._tcp.local');
    await browser.start();
    await settle();
    expect(found.map((node) => node.name)).toEqual(['lab-node']);
  });

  it('refuses a service type that is not one, naming the config key', () => {
    expect(() => new MdnsBrowser({ serviceType: 'harombe' })).toThrow(DiscoveryError);
  });

  it('leaves no socket, browser or timer behind, and reports nothing after stop', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await browser.start();
    await settle();
    expect(network.openSockets()).toBe(1);
    expect(vi.getTimerCount()).toBe(1);
    await browser.stop();
    expect(network.openSockets()).toBe(0);
    expect(network.openBrowsers()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    network.announce(harombeService('late'));
    expect(found).toEqual([]);
  });
});

describe('connectableAddress', () => {
  const base = harombeService('n');

  it('prefers the address the answer came from, even when the sender listed none (bonjour-service on loopback)', () => {
    expect(connectableAddress({ ...base, addresses: [], referer: { address: '10.253.1.1', family: 'IPv4' } })).toBe('10.253.1.1');
    expect(connectableAddress({ ...base, addresses: ['172.17.0.1'], referer: { address: '10.253.1.1', family: 'IPv4' } })).toBe('10.253.1.1');
  });

  it('falls back to an announced IPv4 address, then the SRV host name', () => {
    const { referer: _referer, ...withoutReferer } = base;
    expect(connectableAddress({ ...withoutReferer, addresses: ['fe80::1', '192.168.1.20'] })).toBe('192.168.1.20');
    expect(connectableAddress({ ...withoutReferer, addresses: [] })).toBe('n.local');
  });
});
