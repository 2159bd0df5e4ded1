// `harombe cluster init` in a terminal: two harombe servers (on 127.0.0.1, each with an Ollama stand-in) are "found"
// by a browse that reports them as mDNS would; the person picks one and names it, adds the other by address, both
// pass `cluster test`'s checks, and both are written under cluster.nodes with the file's comments kept.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../src/main/config';
import { HarombeServer } from '../src/main/server';
import type { HardwareProfile } from '../src/shared';
import { createTerminalStyle } from '../src/cli/chat/terminal-style';
import { runInteractiveInit } from '../src/cli/cluster/cluster-init-flow';
import { standIn } from './support/cluster-server-kit';
import { fakeWorld, TEST_LOCAL_TOKEN } from './support/fake-services';
import type { OllamaStandIn } from './support/ollama-stand-in';

const MAC_64: HardwareProfile = {
  kind: 'apple',
  gpus: [{ vendor: 'Apple', model: 'Apple M3 Max', vramGb: null }],
  totalMemoryGb: 64,
  usableVramGb: 48,
  cpu: { brand: 'Apple M3 Max', cores: 16, speedGhz: null },
  platform: 'darwin',
};

const standIns: OllamaStandIn[] = [];
const servers: HarombeServer[] = [];

/** A harombe node on 127.0.0.1 answering from its own Ollama stand-in. */
async function harombeNode(name: string, model: string): Promise<URL> {
  const ollama = await standIn(model, 'OK');
  standIns.push(ollama);
  const world = fakeWorld({
    config: { model: { name: model }, ollama: { host: ollama.url } },
    overrides: { node: { name, tier: 0 }, hardware: { report: async () => ({ profile: MAC_64, recommendation: { model, reason: 'fits' } }) } },
  });
  const server = new HarombeServer(world.services, { host: '127.0.0.1', port: 0, localToken: TEST_LOCAL_TOKEN });
  servers.push(server);
  return new URL((await server.start()).url);
}

let dir: string;
let studio: URL;
let attic: URL;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harombe-cluster-init-'));
  studio = await harombeNode('studio', 'qwen2.5:32b');
  attic = await harombeNode('attic', 'qwen2.5:3b');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop({ graceDeadlineMs: 0 })));
  await Promise.all(standIns.map((server) => server.stop()));
  await rm(dir, { recursive: true, force: true });
});

describe('harombe cluster init, interactive', () => {
  it('lists what it found with hardware and suggested tier, lets the person pick, name and add by address, tests, and writes', async () => {
    const path = join(dir, 'harombe.yaml');
    await writeFile(path, '# my coordinator\nmodel:\n  name: qwen2.5:3b # small\n');
    const input = new PassThrough();
    const output = new PassThrough();
    let said = '';
    output.on('data', (chunk: Buffer) => (said += chunk.toString()));
    // The answers a person types: pick 1, rename it, keep the suggested tier; add attic by address, keep its name, tier 0.
    input.end(['1', 'big-mac', '', `${attic.host}`, '', '0', ''].join('\n') + '\n');
    const chosen = await runInteractiveInit({
      path,
      force: false,
      browseSeconds: 3,
      input,
      output,
      style: createTerminalStyle(false),
      // As MdnsBrowser reports an announcement with the hardware summary in its TXT record.
      browse: async () => [
        { name: 'studio', host: '127.0.0.1', port: Number(studio.port), model: 'qwen2.5:32b', tier: 0, kind: 'harombe', source: 'mdns', hardware: { kind: 'apple', gpuMemoryGb: null, ramGb: 64 } },
      ],
    });

    expect(said).toContain('Found 1 harombe server:');
    expect(said).toMatch(new RegExp(`1\\) studio  127\\.0\\.0\\.1:${studio.port}  qwen2\\.5:32b  Apple Silicon 64 GB  announces tier 0, suggested tier 2`));
    expect(said).toContain('qwen2.5:32b (~19 GB) runs in 64 GB of Apple Silicon unified memory (Max-class bandwidth) at ~13 tokens/s: a powerful-tier model');
    expect(said).toContain('"attic", serving qwen2.5:3b (it announces tier 0)');
    // The test's checks ran on both, and both passed.
    expect(said).toMatch(/big-mac\s+tier 2 · harombe at 127\.0\.0\.1:\d+ · qwen2\.5:32b/);
    expect(said).toMatch(/✓ completion\s+answered in .*: "OK"/);
    expect(said).toContain('All 2 nodes passed.');
    expect(chosen.map((node) => [node.name, node.tier])).toEqual([
      ['big-mac', 2],
      ['attic', 0],
    ]);

    const text = await readFile(path, 'utf8');
    expect(text.startsWith('# my coordinator\nmodel:\n  name: qwen2.5:3b # small\n')).toBe(true);
    expect(parseConfigText(text, path).config.cluster!.nodes).toEqual([
      expect.objectContaining({ name: 'big-mac', host: '127.0.0.1', port: Number(studio.port), model: 'qwen2.5:32b', tier: 2, kind: 'harombe', enabled: true }),
      expect.objectContaining({ name: 'attic', host: '127.0.0.1', port: Number(attic.port), model: 'qwen2.5:3b', tier: 0 }),
    ]);
  });

  it('writes nothing when nothing is found or chosen (the caller then writes the template)', async () => {
    const path = join(dir, 'empty.yaml');
    const input = new PassThrough();
    input.end('\n');
    const output = new PassThrough();
    output.resume();
    const chosen = await runInteractiveInit({ path, force: false, browseSeconds: 1, input, output, style: createTerminalStyle(false), browse: async () => [] });
    expect(chosen).toEqual([]);
    await expect(readFile(path, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
