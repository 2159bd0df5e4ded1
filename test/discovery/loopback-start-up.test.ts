// docs/discovery.md: a node whose API listens on loopback is not announced over mDNS, and its start-up lines say so
// and how to join a cluster, so a worker missing from a coordinator's list explains itself.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../../src/main/runtime';
import { OllamaStandIn } from '../support/ollama-stand-in';
import { makeHome } from '../support/run-cli';

let standIn: OllamaStandIn | undefined;
let runtime: HarombeRuntime | undefined;
let home: string | undefined;

afterEach(async () => {
  await runtime?.stop({ graceDeadlineMs: 1000 });
  await standIn?.stop();
  if (home) await rm(home, { recursive: true, force: true });
  runtime = standIn = home = undefined;
});

async function startUpLines(serverSection: string): Promise<string[]> {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  home = await makeHome();
  const config = join(home, 'harombe.yaml');
  await writeFile(
    config,
    `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n${serverSection}tools:\n  sandbox: none\n  web_search: false\n  workspace: ${join(home, 'workspace')}\n`,
  );
  const lines: string[] = [];
  const logger = { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(`warning: ${line}`), error: (line: string) => lines.push(line) };
  runtime = await HarombeRuntime.create({ configPath: config, port: 0, home, logger });
  await runtime.start();
  return lines;
}

describe('harombe start on loopback', () => {
  it('says it is not announced on the local network, why, and what to set to join a cluster', async () => {
    const lines = await startUpLines('server:\n  host: 127.0.0.1\n');

    expect(lines).toContain(
      'Not announced on the local network: the API listens on 127.0.0.1 only, which no other machine can reach (set server.host: 0.0.0.0 to join a cluster).',
    );
    expect(lines.join('\n')).not.toContain('Announced on the local network as');
  });

  it('says so when server.advertise is false', async () => {
    const lines = await startUpLines('server:\n  host: 127.0.0.1\n  advertise: false\n');

    expect(lines).toContain('Not announced on the local network: server.advertise is false.');
  });
});
