// `harombe cluster add HOST[:PORT]` through the built CLI: the node on 127.0.0.1 is asked for its name, model and
// hardware, its suggested tier is shown and written (comments kept); a node that refuses /hardware is still added.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarombeServer, ensureLocalToken } from '../src/main/server';
import { parseConfigText } from '../src/main/config';
import type { HardwareProfile } from '../src/shared';
import { deadPort } from './support/cluster-server-kit';
import { fakeWorld } from './support/fake-services';
import { makeHome, runCli } from './support/run-cli';

const RTX_4090: HardwareProfile = {
  kind: 'nvidia',
  gpus: [{ vendor: 'NVIDIA', model: 'NVIDIA GeForce RTX 4090', vramGb: 24 }],
  totalMemoryGb: 64,
  usableVramGb: 20.4,
  cpu: { brand: 'AMD Ryzen 9', cores: 32, speedGhz: 4.5 },
  platform: 'linux',
};

/** A harombe node on 127.0.0.1 serving `model`, named `name`, whose /hardware reports a 4090; `token`: its local token. */
async function node(name: string, model: string, token: string): Promise<HarombeServer & { url?: string }> {
  const world = fakeWorld({
    config: { model: { name: model } },
    overrides: { node: { name, tier: 0 }, hardware: { report: async () => ({ profile: RTX_4090, recommendation: { model, reason: 'fits' } }) } },
  });
  return new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: token });
}

let home: string;
let path: string;
let studio: HarombeServer;
let studioUrl: string;
let locked: HarombeServer;
let lockedUrl: string;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: process.cwd() });
  home = await makeHome();
  path = join(home, 'harombe.yaml');
  // No server of its own: server.port is a dead port, so the CLI writes the file.
  await writeFile(path, `# mine\nmodel:\n  name: qwen2.5:3b\nserver:\n  port: ${await deadPort()}\ncluster:\n  nodes: [] # filled by cluster add\n`);
  // Same machine, same home: the CLI's local token opens studio's /hardware; locked has another.
  studio = await node('studio', 'qwen2.5:32b', await ensureLocalToken(home));
  ({ url: studioUrl } = await studio.start());
  locked = await node('locked', 'qwen2.5:7b', 'another-token-entirely-0123456789abcdef');
  ({ url: lockedUrl } = await locked.start());
}, 120_000);

afterAll(async () => {
  await studio?.stop({ graceDeadlineMs: 0 });
  await locked?.stop({ graceDeadlineMs: 0 });
});

describe('harombe cluster add HOST[:PORT]', () => {
  it('asks the node, shows its hardware and suggested tier, and saves it with that tier', async () => {
    const target = new URL(studioUrl).host;
    const result = await runCli(['cluster', 'add', target, '--save'], { home });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${studioUrl} is harombe`);
    expect(result.stdout).toContain('"studio", serving qwen2.5:32b (it announces tier 0)');
    expect(result.stdout).toContain('NVIDIA 24 GB VRAM, 64 GB RAM');
    expect(result.stdout).toContain('suggested tier 2: qwen2.5:32b (~19 GB) runs in 24 GB of NVIDIA VRAM at ~28 tokens/s: a powerful-tier model');
    expect(result.stdout).toContain(`Saved studio (tier 2, harombe at 127.0.0.1:${new URL(studioUrl).port}, qwen2.5:32b) to ${path}.`);
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('# mine\n')).toBe(true);
    const saved = parseConfigText(text, path).config.cluster!.nodes;
    expect(saved).toEqual([expect.objectContaining({ name: 'studio', host: '127.0.0.1', port: Number(new URL(studioUrl).port), model: 'qwen2.5:32b', tier: 2 })]);
    // The local token was only sent, never written into the file.
    expect(text).not.toContain('auth_token');
  });

  it('adds a node whose /hardware refuses this CLI, saying why its hardware is unknown; --tier and --name win', async () => {
    const result = await runCli(['cluster', 'add', new URL(lockedUrl).host, '--name', 'attic', '--tier', '0', '--save'], { home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("/hardware refused without the node's token (401): pass --token with its server.auth_token");
    expect(result.stdout).toContain('suggested tier 1: qwen2.5:7b (7B) is a medium-tier model');
    expect(result.stdout).toContain('keeping tier 0 as given (--tier)');
    expect(parseConfigText(await readFile(path, 'utf8'), path).config.cluster!.nodes.find((node) => node.name === 'attic')).toMatchObject({ model: 'qwen2.5:7b', tier: 0 });
  });

  it('says what to do when nothing answers like harombe there', async () => {
    const result = await runCli(['cluster', 'add', `127.0.0.1:${await deadPort()}`, '--save'], { home });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\/health did not answer like a harombe server: .*Is `harombe start` running there/);
  });
});
