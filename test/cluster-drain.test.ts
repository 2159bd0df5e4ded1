// Drain kept across restarts, against the real runtime over Ollama stand-ins: PUT /cluster/nodes/:name/drain with save
// writes `drain: true` into harombe.yaml with its comments kept, a restarted harombe keeps the node drained (checked and
// shown, not routed to), and putting it back with save takes the key out again.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../src/shared';
import { HarombeRuntime } from '../src/main/runtime';
import { quietLogger, waitFor } from './support/cluster-e2e-kit';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, pointHarombeHomeAt } from './support/run-cli';

const COMPLEX = 'Design a sharded database and compare it with Spanner, step by step';

let local: OllamaStandIn;
let fast: OllamaStandIn;
let big: OllamaStandIn;
let home: string;
let configPath: string;
let runtime: HarombeRuntime | undefined;
let restoreHome: () => void = () => undefined;

beforeEach(async () => {
  [local, fast, big] = await Promise.all([
    new OllamaStandIn({ models: [{ name: 'qwen2.5:3b' }] }).start(),
    new OllamaStandIn({ models: [{ name: 'qwen2.5:3b' }] }).start(),
    new OllamaStandIn({ models: [{ name: 'qwen2.5:72b' }] }).start(),
  ]);
  home = await makeHome();
  restoreHome = pointHarombeHomeAt(home);
  const workspace = join(home, 'workspace');
  await mkdir(workspace);
  configPath = join(home, 'harombe.yaml');
  await writeFile(
    configPath,
    [
      '# my cluster',
      'model:',
      '  name: qwen2.5:3b',
      'ollama:',
      `  host: ${local.url}`,
      'tools:',
      '  sandbox: none',
      '  web_search: false',
      `  workspace: ${workspace}`,
      'cluster:',
      '  nodes:',
      '    # the laptop',
      `    - { name: fast, host: 127.0.0.1, port: ${fast.port}, model: qwen2.5:3b, tier: 0, kind: ollama }`,
      '    # the big box in the basement',
      '    - name: big',
      '      host: 127.0.0.1',
      `      port: ${big.port}`,
      '      model: qwen2.5:72b  # the 72b fits its 48 GB',
      '      tier: 2',
      '      kind: ollama',
      '',
    ].join('\n'),
  );
});

afterEach(async () => {
  await runtime?.stop({ graceDeadlineMs: 200 });
  runtime = undefined;
  await Promise.all([local.stop(), fast.stop(), big.stop()]);
  restoreHome();
});

/** Starts harombe on the config file; resolves once every node has had its first health check. */
async function start(): Promise<ApiClient> {
  runtime = await HarombeRuntime.create({
    configPath,
    port: 0,
    logger: quietLogger,
    clusterTuning: { health: { intervalMs: 60_000, jitter: 0, retries: 0, timeoutMs: 2_000 } },
  });
  const { url } = await runtime.start();
  const started = runtime;
  await waitFor(() => started.cluster!.nodes().every((node) => node.health.status !== 'unknown'), 'every node checked once');
  const token = (await readFile(join(home, 'local-token'), 'utf8')).trim();
  return new ApiClient({ baseUrl: url, token });
}

async function restart(): Promise<ApiClient> {
  await runtime?.stop({ graceDeadlineMs: 200 });
  return start();
}

describe('draining a node with save', () => {
  it('writes drain: true with the comments kept, survives a restart, and put back takes the key out', async () => {
    let client = await start();
    const drained = await client.call('cluster.nodes.drain', { params: { name: 'big' }, input: { drain: true, save: true } });
    expect(drained).toMatchObject({ saved: true, node: { name: 'big', drain: true } });
    const written = await readFile(configPath, 'utf8');
    expect(written).toContain('# my cluster');
    expect(written).toContain('# the big box in the basement');
    expect(written).toContain('# the 72b fits its 48 GB');
    expect(written.match(/drain: true/g)).toHaveLength(1);
    expect(written.indexOf('drain: true')).toBeGreaterThan(written.indexOf('- name: big'));

    client = await restart();
    const { nodes } = await client.call('cluster.nodes.list');
    expect(nodes.find((node) => node.name === 'big')).toMatchObject({ drain: true, health: { status: 'available' } });
    expect(nodes.find((node) => node.name === 'fast')).toMatchObject({ drain: false });
    const decision = await client.call('cluster.route', { input: { message: COMPLEX } });
    expect(decision).toMatchObject({ tier: 0, wanted_tier: 2 });
    expect(decision.reason).toContain('skipped drained node big');

    const back = await client.call('cluster.nodes.drain', { params: { name: 'big' }, input: { drain: false, save: true } });
    expect(back).toMatchObject({ saved: true, node: { drain: false } });
    const after = await readFile(configPath, 'utf8');
    expect(after).not.toContain('drain');
    expect(after).toContain('# the big box in the basement');
    expect((await client.call('cluster.route', { input: { message: COMPLEX } })).node).toBe('big');

    client = await restart();
    expect((await client.call('cluster.nodes.list')).nodes.find((node) => node.name === 'big')?.drain).toBe(false);
  });
});
