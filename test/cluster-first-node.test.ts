// The first node of a harombe without a cluster, against the real runtime: POST /cluster/nodes with save writes a
// `cluster:` section (the file's comments kept) and the running server coordinates the new cluster at once.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ApiClient } from '../src/shared';
import { HarombeRuntime } from '../src/main/runtime';
import { quietLogger } from './support/cluster-e2e-kit';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, pointHarombeHomeAt } from './support/run-cli';

let local: OllamaStandIn;
let gpu: OllamaStandIn;
let home: string;
let configPath: string;
let runtime: HarombeRuntime | undefined;
let restoreHome: () => void = () => undefined;

beforeEach(async () => {
  [local, gpu] = await Promise.all([
    new OllamaStandIn({ models: [{ name: 'qwen2.5:3b' }] }).start(),
    new OllamaStandIn({ models: [{ name: 'qwen2.5:14b' }] }).start(),
  ]);
  home = await makeHome();
  restoreHome = pointHarombeHomeAt(home);
  const workspace = join(home, 'workspace');
  await mkdir(workspace);
  configPath = join(home, 'harombe.yaml');
  await writeFile(
    configPath,
    [
      '# my harombe',
      'model:',
      '  name: qwen2.5:3b  # small enough for the laptop',
      'ollama:',
      `  host: ${local.url}`,
      'tools:',
      '  sandbox: none',
      '  web_search: false',
      `  workspace: ${workspace}`,
      '',
    ].join('\n'),
  );
});

afterEach(async () => {
  await runtime?.stop({ graceDeadlineMs: 200 });
  runtime = undefined;
  await Promise.all([local.stop(), gpu.stop()]);
  restoreHome();
});

it('adding a node with save to a harombe without a cluster writes the cluster section and starts coordinating it', async () => {
  runtime = await HarombeRuntime.create({ configPath, port: 0, logger: quietLogger });
  const { url } = await runtime.start();
  const client = new ApiClient({ baseUrl: url, token: (await readFile(join(home, 'local-token'), 'utf8')).trim() });

  const added = await client.call('cluster.nodes.add', {
    input: { name: 'gpu', host: '127.0.0.1', port: gpu.port, model: 'qwen2.5:14b', tier: 1, kind: 'ollama', save: true },
  });
  expect(added).toMatchObject({ name: 'gpu', source: 'config', tier: 1 });

  const listed = await client.call('cluster.nodes.list', {});
  expect(listed.nodes.map((node) => node.name)).toContain('gpu');
  const text = await readFile(configPath, 'utf8');
  expect(text).toContain('# my harombe');
  expect(text).toContain('# small enough for the laptop');
  expect(text).toMatch(/cluster:[\s\S]*nodes:[\s\S]*name: gpu/);
});
