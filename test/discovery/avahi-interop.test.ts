// Interop with avahi, both ways, inside private namespaces: avahi-browse sees our advertiser; our browser finds avahi-publish.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { AvahiSandbox, missingAvahiTools } from './avahi-sandbox';
import { ScriptRunner, type ChildScript, type ScriptEvent } from './child-script';
import { createNamespacePair } from './network-namespaces';

const missingTools = missingAvahiTools();
const setup = missingTools ? undefined : createNamespacePair();
const skipReason = missingTools ?? setup?.skipReason;
if (skipReason) console.warn(`Skipping avahi interop tests: ${skipReason}`);
const pair = setup?.pair;

let scripts: ScriptRunner | undefined;
let avahi: AvahiSandbox | undefined;
const published: ChildProcess[] = [];

beforeAll(async () => {
  if (!pair) return;
  scripts = await ScriptRunner.bundle(['advertise-node.ts', 'browse-nodes.ts']);
  avahi = new AvahiSandbox(pair.b.namespace, pair.b.device);
  await avahi.start();
}, 30_000);

afterEach(async () => {
  await scripts?.stopAll();
  for (const child of published.splice(0)) child.kill('SIGTERM');
});

afterAll(async () => {
  await avahi?.stop();
  pair?.dispose();
  await scripts?.dispose();
});

const run = (namespace: string, script: string, options: unknown): ChildScript => scripts!.run(namespace, script, options);

/** avahi-browse -t prints what it has resolved "for now": ask again until our service is there. */
async function browseUntil(sandbox: AvahiSandbox, matches: (line: string) => boolean): Promise<string> {
  let lines: string[] = [];
  for (let attempt = 0; attempt < 8; attempt += 1) {
    lines = await sandbox.browse('_harombe._tcp');
    const line = lines.find(matches);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`avahi-browse never resolved it; it printed ${JSON.stringify(lines)}`);
}

describe.skipIf(!pair)('avahi interop', () => {
  it('avahi-browse resolves our advertiser: name, <host>.local, address, port and TXT', async () => {
    const { a } = pair!;
    const advertiser = run(a.namespace, 'advertise-node', {
      name: 'studio',
      model: 'qwen2.5:14b',
      tier: 2,
      kind: 'harombe',
      version: '0.1.0',
      listenAddress: a.address,
      host: 'harombe-studio',
    });
    const advertising = await advertiser.next((event) => event.event === 'advertising', 'the advertisement');
    const line = await browseUntil(avahi!, (candidate) => candidate.split(';')[3] === 'studio');
    // =;interface;protocol;name;type;domain;host;address;port;txt
    const [, , protocol, name, type, domain, host, address, port, txt] = line.split(';');
    expect({ protocol, name, type, domain, host, address, port: Number(port) }).toEqual({
      protocol: 'IPv4',
      name: 'studio',
      type: '_harombe._tcp',
      domain: 'local',
      host: 'harombe-studio.local',
      address: a.address,
      port: advertising.port,
    });
    for (const entry of ['name=studio', 'model=qwen2.5:14b', 'tier=2', 'version=0.1.0', 'kind=harombe']) expect(txt).toContain(`"${entry}"`);
  });

  it('our browser finds a service published with avahi-publish, and loses it when avahi withdraws it', async () => {
    const { a, b } = pair!;
    const browser = run(a.namespace, 'browse-nodes', {});
    await browser.next((event) => event.event === 'browsing', 'browsing to start');
    const publisher = avahi!.publish('avahi-node', '_harombe._tcp', 8765, ['name=avahi-node', 'model=llama3.2:3b', 'tier=1']);
    published.push(publisher);
    const found = await browser.next(
      (event: ScriptEvent) => event.event === 'found' && (event.node as { name: string }).name === 'avahi-node',
      'the avahi-published service',
    );
    expect(found.node).toEqual({ name: 'avahi-node', host: b.address, port: 8765, model: 'llama3.2:3b', tier: 1, kind: 'harombe', source: 'mdns' });

    publisher.kill('SIGTERM');
    await browser.next((event) => event.event === 'lost' && event.name === 'avahi-node', 'avahi-node to be reported lost after avahi-publish exits');
  });
});
