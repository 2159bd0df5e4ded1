// `harombe cluster init` finding real announcements: two `harombe start` workers (hostnames studio and attic, each in
// its own UTS namespace, with an Ollama stand-in) announce themselves in test-owned network namespace A; the init
// conversation runs in namespace B, finds both over mDNS, the person picks both, they pass the test checks and are
// written. Nothing multicasts onto a real network; skipped, saying why, where `ip netns` is not permitted.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../src/main/config';
import { bundleScripts, ChildScript } from './discovery/child-script';
import { createNamespacePair } from './discovery/network-namespaces';
import { cliNodeHome, waitFor } from './support/cluster-e2e-kit';
import { cliEnvironment, makeHome } from './support/run-cli';

const run = promisify(execFile);
const setup = createNamespacePair();
if (setup.skipReason) console.warn(`Skipping the cluster init mDNS test: ${setup.skipReason}`);
const pair = setup.pair;

describe.skipIf(!pair)('harombe cluster init over mDNS', () => {
  let scripts: Awaited<ReturnType<typeof bundleScripts>> | undefined;
  let initScript: Awaited<ReturnType<typeof bundleScripts>> | undefined;
  const children: ChildScript[] = [];
  const workers: { child: ChildProcess; output: string[] }[] = [];

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build-cli.mjs'], { cwd: process.cwd() });
    // One bundle per folder: esbuild keeps entry points from different folders in sub-folders of its output.
    scripts = await bundleScripts([join(import.meta.dirname, 'cluster-scripts', 'stand-in-process.ts')]);
    initScript = await bundleScripts([join(import.meta.dirname, 'discovery', 'scripts', 'cluster-init.ts')]);
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.child.exitCode !== null ? resolve(undefined) : worker.child.once('exit', resolve)))));
    await Promise.all(children.map((child) => child.stop()));
    pair?.dispose();
    await scripts?.dispose();
    await initScript?.dispose();
  });

  /** `harombe start` in namespace A as the machine `hostname` (its own UTS namespace), over its own stand-in. */
  async function worker(hostname: string, model: string, port: number): Promise<void> {
    const standIn = new ChildScript(pair!.a.namespace, scripts!.paths.get('stand-in-process')!, { model, answer: `${hostname} here` });
    children.push(standIn);
    const ollamaPort = (await standIn.next((event) => event.event === 'listening', 'the stand-in to listen')).port as number;
    const home = await cliNodeHome({ model: { name: model }, ollama: { host: `http://127.0.0.1:${ollamaPort}` }, server: { host: '0.0.0.0', port } });
    const command = ['sh', '-c', 'hostname "$0" && exec "$@"', hostname, process.execPath, join(process.cwd(), 'bin', 'harombe.js'), 'start', '--port', String(port)];
    const child = spawn('ip', ['netns', 'exec', pair!.a.namespace, 'unshare', '--uts', ...command], { env: cliEnvironment(home), stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    workers.push({ child, output });
    await waitFor(() => output.join('').includes(`Announced on the local network as ${hostname}`), `${hostname} to announce itself`, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${output.join('')}`);
    });
  }

  it('finds both announcing servers, lets the person pick them, tests them and writes them', async () => {
    await worker('studio', 'qwen2.5:32b', 18_101);
    await worker('attic', 'qwen2.5:3b', 18_102);
    const home = await makeHome();
    const path = join(home, 'harombe.yaml');
    // all; Enter for each name and tier (the suggestions); Enter: no machine by address.
    const init = new ChildScript(pair!.b.namespace, initScript!.paths.get('cluster-init')!, { path, seconds: 4, answers: ['all', '', '', '', '', ''] });
    children.push(init);
    const done = await init.next((event) => event.event === 'done' || event.event === 'failed', 'the init conversation to end', 90_000);
    const said = String(done.said);
    expect(done.event, said).toBe('done');
    expect(said).toContain('Found 2 harombe servers:');
    expect(said).toMatch(new RegExp(`studio  ${pair!.a.address.replaceAll('.', '\\.')}:18101  qwen2\\.5:32b  .* announces tier 0, suggested tier \\d`));
    expect(said).toMatch(/attic .* qwen2\.5:3b .* suggested tier 0/);
    expect(said).toContain('All 2 nodes passed.');
    const nodes = parseConfigText(await readFile(path, 'utf8'), path).config.cluster!.nodes;
    expect(nodes.map((node) => [node.name, node.host, node.port, node.model]).sort()).toEqual([
      ['attic', pair!.a.address, 18_102, 'qwen2.5:3b'],
      ['studio', pair!.a.address, 18_101, 'qwen2.5:32b'],
    ]);
  }, 180_000);
});
