// The built CLI's `harombe cluster` commands: against the config file when no server runs, and live from a running one.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../src/main/cluster';
import { HarombeServer, ensureLocalToken } from '../src/main/server';
import { harombeConfigSchema } from '../src/shared';
import { deadPort, standIn } from './support/cluster-server-kit';
import { fakeWorld } from './support/fake-services';
import type { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, runCli } from './support/run-cli';

const USER_CONFIG = `# my harombe, with notes I want to keep
model:
  name: qwen2.5:3b # the small one
`;

let up: OllamaStandIn;
let dead: number;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: process.cwd() });
  up = await standIn('qwen2.5:3b', 'OK');
  dead = await deadPort();
}, 60_000);

afterAll(async () => {
  await up?.stop();
});

/** A home whose config points server.port at the stand-in (which is not harombe), so no server is ever found there. */
async function homeWith(config: string): Promise<{ home: string; path: string }> {
  const home = await makeHome();
  const path = join(home, 'harombe.yaml');
  await writeFile(path, `${config}\nserver:\n  port: ${up.port}\n`);
  return { home, path };
}

const clusterConfig = () => `# the coordinator
model:
  name: qwen2.5:3b
ollama:
  host: ${up.url}
cluster:
  nodes:
    # the box that answers
    - name: up
      host: 127.0.0.1
      port: ${up.port}
      model: qwen2.5:3b
      tier: 0
      kind: ollama
    # the box that is switched off
    - name: dead
      host: 127.0.0.1
      port: ${dead}
      model: qwen2.5:14b
      tier: 1
      kind: ollama
`;

describe('harombe cluster init', () => {
  it('adds the commented template, keeps the file\'s comments, and refuses to overwrite without --force', async () => {
    const { home, path } = await homeWith(USER_CONFIG);
    const first = await runCli(['cluster', 'init'], { home });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Added the cluster template in ${path}`);
    const written = await readFile(path, 'utf8');
    expect(written.startsWith(USER_CONFIG)).toBe(true);
    expect(written).toContain('    # Balanced node for medium workloads\n    - name: workstation');
    expect(written).toContain('fallback_strategy: graceful # Try other tiers if preferred unavailable');

    const validate = await runCli(['config', 'validate'], { home });
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('name: workstation');

    const again = await runCli(['cluster', 'init'], { home });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already has a cluster: section');
    expect(again.stderr).toContain('--force');
    expect(await readFile(path, 'utf8')).toBe(written);

    const forced = await runCli(['cluster', 'init', '--force'], { home });
    expect(forced.code).toBe(0);
    const replaced = await readFile(path, 'utf8');
    expect(replaced).toContain('# my harombe, with notes I want to keep');
    expect(replaced).toContain('name: qwen2.5:3b # the small one');
    expect(replaced.match(/^cluster:/gm)).toHaveLength(1);
  });
});

describe('without a running server', () => {
  it('cluster status checks the config\'s nodes now: one available, one unavailable and why', async () => {
    const { home } = await homeWith(clusterConfig());
    const result = await runCli(['cluster', 'status'], { home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no harombe server is running');
    expect(result.stdout).toMatch(/Tier 0 \(fast\)\n\s+NAME\s+KIND\s+HOST\s+MODEL\s+STATUS\s+LATENCY\s+IN-FLIGHT\s+CIRCUIT/);
    expect(result.stdout).toMatch(new RegExp(`up\\s+ollama\\s+127\\.0\\.0\\.1:${up.port}\\s+qwen2\\.5:3b\\s+available\\s+\\S+ ms\\s+0\\s+closed`));
    expect(result.stdout).toMatch(new RegExp(`dead\\s+ollama\\s+127\\.0\\.0\\.1:${dead}\\s+qwen2\\.5:14b\\s+unavailable\\s+-\\s+0\\s+closed`));
    expect(result.stdout).toContain(`Cannot reach http://127.0.0.1:${dead}/api/tags`);
    // The coordinator's own Ollama, as a running server would show it.
    expect(result.stdout).toMatch(/local\s+ollama/);
  });

  it('cluster test checks every node with ✓/✗, the fix under each failure, and exits 1', async () => {
    const { home } = await homeWith(clusterConfig().replace('    # the box that is switched off', [
      '    - name: wrong-model',
      '      host: 127.0.0.1',
      `      port: ${up.port}`,
      '      model: llama3:70b',
      '      tier: 2',
      '      kind: ollama',
      '    # the box that is switched off',
    ].join('\n')));
    const result = await runCli(['cluster', 'test'], { home });
    expect(result.code).toBe(1);
    const out = result.stdout;
    expect(out).toMatch(/^up\s+tier 0 · ollama at 127\.0\.0\.1:\d+ · qwen2\.5:3b$/m);
    expect(out).toMatch(/✓ reachable\s+http:\/\/127\.0\.0\.1:\d+\/api\/tags answered in/);
    expect(out).toMatch(/✓ auth\s+no token needed/);
    expect(out).toMatch(/✓ model\s+qwen2\.5:3b is there/);
    expect(out).toMatch(/✓ completion\s+answered in .*: "OK"/);
    expect(out).toMatch(/✗ model\s+llama3:70b is not there; it serves qwen2\.5:3b/);
    expect(out).toContain('fix: Run `ollama pull llama3:70b` on 127.0.0.1');
    expect(out).toMatch(/✗ reachable\s+Cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/tags/);
    expect(out).toContain('fix: Run `ollama serve` on 127.0.0.1');
    expect(out).toMatch(/- completion\s+not checked/);
    expect(out).toContain('1 of 3 nodes passed; wrong-model, dead failed.');
  });

  it('cluster add --save writes the node into the file with its comments kept; remove --save takes it out', async () => {
    const { home, path } = await homeWith(clusterConfig());
    const refused = await runCli(['cluster', 'add', 'gpu', '--host', '127.0.0.9', '--model', 'qwen2.5:14b', '--tier', '1'], { home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no harombe server is running');
    expect(refused.stderr).toContain('--save');

    const invalid = await runCli(['cluster', 'add', 'gpu', '--host', '127.0.0.9', '--model', 'm', '--tier', '5', '--save'], { home });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('--tier');

    const added = await runCli(['cluster', 'add', 'gpu', '--host', '127.0.0.9', '--port', '11434', '--kind', 'ollama', '--model', 'qwen2.5:14b', '--tier', '1', '--token', 'sk-secret', '--save'], { home });
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Saved gpu (tier 1, ollama at 127.0.0.9:11434, qwen2.5:14b) to ${path}.`);
    expect(added.stdout + added.stderr).not.toContain('sk-secret');
    const text = await readFile(path, 'utf8');
    expect(text).toContain('# the coordinator\n');
    expect(text).toContain('    # the box that answers\n    - name: up');
    expect(text).toContain('    # the box that is switched off\n    - name: dead');
    expect(text).toContain('    - name: gpu\n      host: 127.0.0.9\n      port: 11434\n      model: qwen2.5:14b\n      tier: 1\n      kind: ollama\n      auth_token: sk-secret\n');
    expect((await runCli(['config', 'validate'], { home })).code).toBe(0);

    const duplicate = await runCli(['cluster', 'add', 'gpu', '--host', 'x', '--model', 'm', '--tier', '0', '--save'], { home });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already has a node named "gpu"');

    const removed = await runCli(['cluster', 'remove', 'dead', '--save'], { home });
    expect(removed.code).toBe(0);
    const after = await readFile(path, 'utf8');
    expect(after).not.toContain('name: dead');
    expect(after).toContain('    # the box that answers\n    - name: up');
    expect((await runCli(['cluster', 'remove', 'nope', '--save'], { home })).stderr).toContain('Its nodes: up, gpu.');
  });

  it('cluster drain --save sets drain: true on the node with its comments kept; --undo --save takes it out', async () => {
    const { home, path } = await homeWith(clusterConfig());
    const refused = await runCli(['cluster', 'drain', 'up'], { home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--save');

    const drained = await runCli(['cluster', 'drain', 'up', '--save'], { home });
    expect(drained.code).toBe(0);
    expect(drained.stdout).toContain(`Drained up in ${path} (drain: true).`);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('    # the box that answers\n    - name: up\n');
    expect(text).toContain('      kind: ollama\n      drain: true\n    # the box that is switched off\n');
    expect((await runCli(['config', 'validate'], { home })).code).toBe(0);
    const status = await runCli(['cluster', 'status'], { home });
    expect(status.stdout).toMatch(/up\s+ollama\s+\S+\s+qwen2\.5:3b\s+available, drained/);

    expect((await runCli(['cluster', 'drain', 'up', '--undo', '--save'], { home })).stdout).toContain(`Put back up in ${path}.`);
    const after = await readFile(path, 'utf8');
    expect(after).not.toContain('drain');
    expect(after).toContain('    # the box that answers\n    - name: up');
    expect((await runCli(['cluster', 'drain', 'nope', '--save'], { home })).stderr).toContain('Its nodes: up, dead.');
  });

  it('cluster metrics prints a table per node with the totals; --node picks one', async () => {
    const { home } = await homeWith(clusterConfig());
    const all = await runCli(['cluster', 'metrics'], { home });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/NODE\s+TIER\s+HEALTHY\s+REQUESTS\s+OK\s+FAILED\s+SUCCESS\s+AVG LATENCY\s+TOKENS\s+TOKENS\/S\s+LAST REQUEST/);
    expect(all.stdout).toMatch(/^\s+up\s+0\s+yes\s+0\s+0\s+0\s+-/m);
    expect(all.stdout).toMatch(/^\s+dead\s+1\s+no\s+0/m);
    expect(all.stdout).toMatch(/^\s+TOTAL\s+2\/3\s+0/m);

    const one = await runCli(['cluster', 'metrics', '--node', 'dead'], { home });
    expect(one.stdout).not.toMatch(/^\s+up\s/m);
    expect(one.stdout).not.toContain('TOTAL');
    const unknown = await runCli(['cluster', 'metrics', '--node', 'nope'], { home });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no node "nope"');
  });
});

describe('with a running server', () => {
  let server: HarombeServer;
  let cluster: Cluster;
  let home: string;
  let url: string;

  beforeAll(async () => {
    ({ home } = await homeWith(clusterConfig()));
    const config = harombeConfigSchema.parse({
      model: { name: 'qwen2.5:3b' },
      cluster: { nodes: [{ name: 'up', host: '127.0.0.1', port: up.port, model: 'qwen2.5:3b', tier: 0, kind: 'ollama' }] },
    });
    cluster = new Cluster({ config, local: false, health: { retries: 0 } });
    const world = fakeWorld({ config, overrides: { cluster } });
    // The local token in the home the CLI runs with, as `harombe start` makes it there.
    server = new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: await ensureLocalToken(home) });
    ({ url } = await server.start());
    await cluster.health.checkAll();
    // What `harombe start` leaves behind: the CLI finds the server by it.
    await writeFile(join(home, 'harombe.pid'), JSON.stringify({ pid: process.pid, url, config: join(home, 'harombe.yaml'), started_at: new Date().toISOString() }));
    await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }) });
  });

  afterAll(async () => {
    await server?.stop({ graceDeadlineMs: 0 });
    await cluster?.dispose();
  });

  it('status and metrics come live from the server; add and remove change its cluster', async () => {
    const status = await runCli(['cluster', 'status'], { home });
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Cluster live from the harombe running at ${url}:`);
    expect(status.stdout).toMatch(/up\s+ollama\s+\S+\s+qwen2\.5:3b\s+available/);
    // The server's cluster, not the file's: the file's dead node is not there.
    expect(status.stdout).not.toContain('dead');

    const metrics = await runCli(['cluster', 'metrics'], { home });
    expect(metrics.stdout).toContain(`Cluster metrics from the harombe running at ${url}:`);
    expect(metrics.stdout).toMatch(/^\s+up\s+0\s+yes\s+1\s+1\s+0\s+100%/m);

    const added = await runCli(['cluster', 'add', 'gpu', '--host', '127.0.0.9', '--model', 'qwen2.5:14b', '--tier', '1'], { home });
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Added gpu (tier 1, harombe at 127.0.0.9:8000, qwen2.5:14b) to the harombe running at ${url}.`);
    expect(cluster.registry.get('gpu')?.source).toBe('runtime');

    const drained = await runCli(['cluster', 'drain', 'up'], { home });
    expect(drained.code).toBe(0);
    expect(drained.stdout).toContain(`Drained up on the harombe running at ${url}.`);
    expect(cluster.registry.get('up')?.drain).toBe(true);
    expect((await runCli(['cluster', 'drain', 'up', '--undo'], { home })).stdout).toContain(`Put back up on the harombe running at ${url}.`);
    expect(cluster.registry.get('up')?.drain).toBe(false);

    const removed = await runCli(['cluster', 'remove', 'gpu'], { home });
    expect(removed.code).toBe(0);
    expect(cluster.registry.has('gpu')).toBe(false);
    const missing = await runCli(['cluster', 'remove', 'gpu'], { home });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no node "gpu" in the cluster');
  });
});
