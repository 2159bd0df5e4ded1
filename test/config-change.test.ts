// PUT /config against the real runtime (HarombeRuntime over Ollama stand-ins): a config harombe cannot run is refused
// before the file changes, a redacted node token never follows the node elsewhere, and a removed cluster stops.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ApiClient, ApiRequestError, REDACTED, type HarombeConfig } from '../src/shared';
import { HarombeRuntime } from '../src/main/runtime';
import { quietLogger, waitFor } from './support/cluster-e2e-kit';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome } from './support/run-cli';

// The monitor's schedule grid is 100 ms: a shorter interval would be rounded up to it anyway.
const HEALTH_INTERVAL_MS = 100;

let local: OllamaStandIn;
let remote: OllamaStandIn;
let elsewhere: OllamaStandIn;
let home: string;
let configPath: string;
let runtime: HarombeRuntime;
let client: ApiClient;
let previousHome: string | undefined;

/** Health checks (GET /api/tags) a stand-in has answered so far. */
const probes = (standIn: OllamaStandIn) => standIn.requests.filter((request) => request.method === 'GET' && request.path === '/api/tags').length;

beforeEach(async () => {
  [local, remote, elsewhere] = await Promise.all([
    new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start(),
    new OllamaStandIn({ models: [{ name: 'qwen2.5:14b' }] }).start(),
    new OllamaStandIn({ models: [{ name: 'qwen2.5:14b' }] }).start(),
  ]);
  home = await makeHome();
  previousHome = process.env['HAROMBE_HOME'];
  process.env['HAROMBE_HOME'] = home;
  const workspace = join(home, 'workspace');
  await mkdir(workspace);
  configPath = join(home, 'harombe.yaml');
  const config = {
    model: { name: 'qwen2.5:7b' },
    ollama: { host: local.url },
    tools: { sandbox: 'none', web_search: false, workspace },
    cluster: { nodes: [{ name: 'remote', host: '127.0.0.1', port: remote.port, model: 'qwen2.5:14b', tier: 1, kind: 'ollama', auth_token: 'node-secret' }] },
  };
  await writeFile(configPath, `# my harombe\n${stringify(config)}`);
  runtime = await HarombeRuntime.create({
    configPath,
    port: 0,
    logger: quietLogger,
    clusterTuning: { health: { intervalMs: HEALTH_INTERVAL_MS, jitter: 0, retries: 0, timeoutMs: 2_000 } },
  });
  const { url } = await runtime.start();
  // The local token ($HAROMBE_HOME/local-token), when this harombe asks for one.
  const token = await readFile(join(home, 'local-token'), 'utf8').then((text) => text.trim(), () => undefined);
  client = new ApiClient({ baseUrl: url, ...(token ? { token } : {}) });
});

afterEach(async () => {
  await runtime?.stop({ graceDeadlineMs: 200 });
  await Promise.all([local.stop(), remote.stop(), elsewhere.stop()]);
  if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
  else process.env['HAROMBE_HOME'] = previousHome;
});

async function shownConfig(): Promise<HarombeConfig> {
  return (await client.call('config.get')).config;
}

/** PUT /config; the refusal when there is one. */
async function put(config: HarombeConfig): Promise<ApiRequestError | undefined> {
  return client.call('config.put', { input: { config } }).then(
    () => undefined,
    (error: unknown) => {
      if (error instanceof ApiRequestError) return error;
      throw error;
    },
  );
}

describe('PUT /config with a workspace harombe cannot use', () => {
  it.each([
    ['a folder under /proc (once: a hang, CPU burnt forever, and the file saved anyway)', () => '/proc/harombe-x', /\/proc is a system folder/],
    ['a NUL character', () => '\u0000', /no control characters/],
    ['an existing regular file', () => join(home, 'harombe.yaml'), /is a file, not a folder/],
  ])('refuses %s with a 400 and leaves harombe.yaml byte for byte as it was', async (_what, workspace, reason) => {
    const before = await readFile(configPath);
    const shown = await shownConfig();
    const refusal = await put({ ...shown, tools: { ...shown.tools, workspace: workspace() } });
    expect(refusal).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(refusal?.message).toMatch(/^The config was not changed: tools\.workspace: /);
    expect(refusal?.message).toMatch(reason);
    expect(await readFile(configPath)).toEqual(before);
    expect((await shownConfig()).tools.workspace).toBe(shown.tools.workspace);
  });
});

describe('a node token sent back redacted', () => {
  it('is refused when the node now points elsewhere, and the new host never sees the saved token', async () => {
    const before = await readFile(configPath);
    const shown = await shownConfig();
    const node = shown.cluster!.nodes[0]!;
    expect(node.auth_token).toBe(REDACTED);
    const moved = { ...shown, cluster: { ...shown.cluster!, nodes: [{ ...node, port: elsewhere.port }] } };
    const refusal = await put(moved);
    expect(refusal).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(refusal?.message).toContain(`where it is sent changed (port ${remote.port} → ${elsewhere.port})`);
    expect(refusal?.message).not.toContain('node-secret');
    expect(await readFile(configPath)).toEqual(before);
    expect(elsewhere.requests).toHaveLength(0);

    // With the token sent again for the new place, the change goes through and the new node gets that token.
    expect(await put({ ...moved, cluster: { ...moved.cluster, nodes: [{ ...moved.cluster.nodes[0]!, auth_token: 'elsewhere-secret' }] } })).toBeUndefined();
    await waitFor(() => probes(elsewhere) > 0, 'a health check of the moved node');
    expect(elsewhere.requests.map((request) => request.headers.authorization)).not.toContain('Bearer node-secret');
    expect(elsewhere.requests[0]?.headers.authorization).toBe('Bearer elsewhere-secret');
  });

  it('keeps its saved value while the node stays where it was', async () => {
    const shown = await shownConfig();
    const node = shown.cluster!.nodes[0]!;
    expect(await put({ ...shown, cluster: { ...shown.cluster!, nodes: [{ ...node, tier: 2 }] } })).toBeUndefined();
    expect(await readFile(configPath, 'utf8')).toContain('auth_token: node-secret');
    expect(runtime.cluster?.registry.get('remote')?.config).toMatchObject({ tier: 2, auth_token: 'node-secret' });
  });
});

describe('removing the cluster', () => {
  it('stops its health checks: neither the removed node nor the local Ollama is probed afterwards', async () => {
    await waitFor(() => probes(remote) > 0 && probes(local) > 0, 'the first health checks');
    const cluster = runtime.cluster!;
    const shown = await shownConfig();
    expect(await put({ ...shown, cluster: { ...shown.cluster!, nodes: [] } })).toBeUndefined();
    const { cluster: _removed, ...withoutCluster } = await shownConfig();
    expect(await put(withoutCluster as HarombeConfig)).toBeUndefined();
    expect(runtime.cluster).toBeUndefined();
    expect(cluster.health.isRunning).toBe(false);

    const after = { remote: probes(remote), local: probes(local) };
    // Absence can only be seen over time: eight health intervals, in which a running monitor would probe eight times.
    await new Promise((resolve) => setTimeout(resolve, 8 * HEALTH_INTERVAL_MS));
    expect({ remote: probes(remote), local: probes(local) }).toEqual(after);
    expect(await readFile(configPath, 'utf8')).not.toContain('cluster:');
  });
});
