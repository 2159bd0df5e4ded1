// POST /cluster/discover in-process over a fake mDNS network: the servers found, without this node or the cluster's own.
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorSchema, clusterDiscoverResponseSchema, harombeConfigSchema, type HarombeConfigInput } from '../../src/shared';
import { Cluster } from '../../src/main/cluster';
import { browseMdns, type BrowsedService } from '../../src/main/cluster/discovery';
import { FakeMdnsNetwork } from '../../src/main/cluster/discovery/fake-mdns-network';
import { createApp } from '../../src/main/server/app';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld } from '../support/fake-services';

function announcement(name: string, address: string, txt: Record<string, string>, port = 8000): BrowsedService {
  return {
    name,
    fqdn: `${name}._harombe._tcp.local`,
    host: `${name}.local`,
    port,
    txt: { name, model: 'qwen2.5:7b', tier: '1', version: '0.1.0', kind: 'harombe', ...txt },
    addresses: [],
    referer: { address, family: 'IPv4' },
  };
}

/** A server whose browse hears `network`; the browse "lasts" until the fake network has answered, not for seconds. */
function serverOn(network: FakeMdnsNetwork, config: HarombeConfigInput = {}, withCluster = false) {
  const browses: { serviceType: string; seconds: number }[] = [];
  const cluster = withCluster ? new Cluster({ config: harombeConfigSchema.parse(config), local: false }) : undefined;
  const world = fakeWorld({
    config,
    overrides: {
      ...(cluster ? { cluster } : {}),
      discover: (options) => {
        browses.push(options);
        return browseMdns({ ...options, createBonjour: network.createBonjour, wait: () => new Promise((resolve) => setImmediate(resolve)) });
      },
    },
  });
  const app = createApp(world.services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN });
  return { app, browses, cluster };
}

let disposeCluster: (() => Promise<void>) | undefined;
afterEach(async () => {
  await disposeCluster?.();
  disposeCluster = undefined;
});

describe('POST /cluster/discover', () => {
  it('without a cluster: lists the harombe servers that answered, with hardware and a suggested tier, not this node', async () => {
    const network = new FakeMdnsNetwork();
    network.announce(announcement('studio', '192.168.1.20', { model: 'qwen2.5:14b', tier: '2', gpu: 'nvidia', gpu_gb: '24', ram_gb: '64', model_gb: '9' }));
    network.announce(announcement('local', '192.168.1.2', {})); // this node hears itself
    network.announce({ ...announcement('stranger', '192.168.1.30', {}), fqdn: 'stranger._other._tcp.local' }, '_other._tcp.local');
    const { app, browses } = serverOn(network, { model: { name: 'qwen2.5:7b' } });

    const response = await call(app, '/cluster/discover', { method: 'POST', json: {} });
    expect(response.status).toBe(200);
    const body = clusterDiscoverResponseSchema.parse(await response.json());
    expect(body).toMatchObject({ seconds: 3, service: '_harombe._tcp.local' });
    expect(body.servers).toHaveLength(1);
    expect(body.servers[0]).toMatchObject({
      name: 'studio',
      url: 'http://192.168.1.20:8000',
      model: 'qwen2.5:14b',
      kind: 'harombe',
      tier: 2,
      hardware: { kind: 'nvidia', gpu_memory_gb: 24, ram_gb: 64 },
    });
    expect(body.servers[0]!.suggested_tier).toBe(1);
    expect(body.servers[0]!.suggestion).toContain('qwen2.5:14b');
    expect(browses).toEqual([{ serviceType: '_harombe._tcp.local', seconds: 3 }]);
    expect(network.openSockets()).toBe(0);
  });

  it('leaves out nodes already in the cluster, by name or by address, and browses the cluster’s service type', async () => {
    const network = new FakeMdnsNetwork();
    network.announce(announcement('gpu', '192.168.1.50', {}), '_lab._tcp.local');
    network.announce({ ...announcement('renamed', '192.168.1.60', {}), fqdn: 'renamed._lab._tcp.local' }, '_lab._tcp.local');
    network.announce({ ...announcement('new-box', '192.168.1.70', {}), fqdn: 'new-box._lab._tcp.local' }, '_lab._tcp.local');
    const config: HarombeConfigInput = {
      model: { name: 'qwen2.5:7b' },
      cluster: {
        discovery: { mdns_service: '_lab._tcp.local' },
        nodes: [
          { name: 'gpu', host: '192.168.1.99', model: 'qwen2.5:7b', tier: 1 },
          { name: 'old-name', host: '192.168.1.60', port: 8000, model: 'qwen2.5:7b', tier: 1 },
        ],
      },
    };
    const { app, cluster } = serverOn(network, config, true);
    disposeCluster = () => cluster!.dispose();

    const body = clusterDiscoverResponseSchema.parse(await (await call(app, '/cluster/discover', { method: 'POST', json: { seconds: 1 } })).json());
    expect(body.servers.map((server) => server.name)).toEqual(['new-box']);
    expect(body).toMatchObject({ seconds: 1, service: '_lab._tcp.local' });
  });

  it('refuses a browse longer than 10 s, and says what to do when the network cannot be browsed', async () => {
    const { app } = serverOn(new FakeMdnsNetwork());
    expect((await call(app, '/cluster/discover', { method: 'POST', json: { seconds: 60 } })).status).toBe(400);

    const world = fakeWorld({ overrides: { discover: () => Promise.reject(new Error('bind EADDRINUSE 0.0.0.0:5353')) } });
    const failing = createApp(world.services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN });
    const response = await call(failing, '/cluster/discover', { method: 'POST', json: {} });
    expect(response.status).toBe(500);
    const error = apiErrorSchema.parse(await response.json()).error;
    expect(error.code).toBe('discovery_failed');
    expect(error.message).toContain('EADDRINUSE');
    expect(error.hint).toContain('5353');
  });
});
