// Whether a node can really answer: its /health says degraded (with the reason and the fix) while its model server is
// down or lacks the model, it logs that once, a coordinator stops routing there, and `harombe start` warns at start-up.
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { healthResponseSchema, openAiErrorSchema, type HealthResponse } from '../src/shared';
import { HarombeRuntime } from '../src/main/runtime';
import { CliNode, cliNodeHome, freePort, identityStandIn, nodeStatus, startCoordinator, turn, waitFor, writeConfig, type RunningNode } from './support/cluster-e2e-kit';
import { RecordingLogger } from './support/fake-services';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome } from './support/run-cli';

let home: string;
let previousHome: string | undefined;
const cleanups: (() => Promise<unknown>)[] = [];

// Every runtime here (the kit's coordinator too) keeps its local token in this home, not the user's.
beforeAll(async () => {
  home = await makeHome();
  previousHome = process.env['HAROMBE_HOME'];
  process.env['HAROMBE_HOME'] = home;
});
afterAll(() => {
  if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
  else process.env['HAROMBE_HOME'] = previousHome;
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** A harombe node over `standIn` that checks its model server at every /health (no waiting for the 15 s round). */
async function startNode(standIn: OllamaStandIn, options: { model?: string; tier?: number } = {}): Promise<RunningNode & { logger: RecordingLogger }> {
  const configPath = await writeConfig(home, { model: { name: options.model ?? 'qwen2.5:7b' }, ollama: { host: standIn.url }, server: { tier: options.tier ?? 0 } });
  const logger = new RecordingLogger();
  const runtime = await HarombeRuntime.create({ configPath, logger, port: 0, modelServerCheck: { staleAfterMs: 0, waitMs: 2_000 } });
  const { url, port } = await runtime.start();
  const node = { runtime, url, port, logger, stop: () => runtime.stop({ graceDeadlineMs: 200 }) };
  cleanups.push(() => node.stop());
  return node;
}

async function health(url: string): Promise<HealthResponse> {
  return healthResponseSchema.parse(await (await fetch(`${url}/health`)).json());
}

const warnings = (logger: RecordingLogger) => logger.lines.filter((line) => line.startsWith('warn: '));

describe('GET /health on a node whose model cannot answer', () => {
  it('says degraded while the model is not pulled, with the fix; healthy once it is; one log line each way', async () => {
    const standIn = await new OllamaStandIn({ models: [] }).start();
    cleanups.push(() => standIn.stop());
    const node = await startNode(standIn);

    const degraded = await health(node.url);
    expect(degraded).toMatchObject({
      status: 'degraded',
      model: 'qwen2.5:7b',
      node: { name: hostname() },
      model_server: { reachable: true, model_present: false, url: standIn.url, error: expect.stringContaining('qwen2.5:7b is not pulled'), hint: expect.stringContaining('ollama pull qwen2.5:7b') },
    });
    await health(node.url);
    expect(warnings(node.logger)).toEqual([expect.stringMatching(/cannot answer chats: the model qwen2\.5:7b is not pulled .*`ollama pull qwen2\.5:7b`/)]);

    standIn.addModel({ name: 'qwen2.5:7b' });
    expect(await health(node.url)).toMatchObject({ status: 'healthy', model_server: { reachable: true, model_present: true } });
    expect((await health(node.url)).model_server?.error).toBeUndefined();
    expect(node.logger.lines.filter((line) => line.includes('answers again'))).toHaveLength(1);
    expect(warnings(node.logger)).toHaveLength(1);
  });

  it('says degraded when Ollama stops, and calls the local model server `local` in errors, as the cluster does', async () => {
    const standIn = await new OllamaStandIn().start();
    cleanups.push(() => standIn.stop());
    const node = await startNode(standIn);
    expect((await health(node.url)).status).toBe('healthy');

    await standIn.stop();
    const down = await health(node.url);
    expect(down).toMatchObject({
      status: 'degraded',
      model_server: { reachable: false, model_present: false, error: `Ollama is not reachable: nothing is listening at ${standIn.url}`, hint: expect.stringContaining('ollama serve') },
    });
    expect(warnings(node.logger)).toEqual([expect.stringContaining('Start it with `ollama serve`')]);

    const response = await fetch(`${node.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const { message } = openAiErrorSchema.parse(await response.json()).error;
    expect(message).toContain('node "local"');
    expect(message).not.toContain(`"${hostname()}"`);
  });
});

describe('a coordinator over a harombe node whose model server goes down', () => {
  it('shows that node unavailable with the reason and routes no turn there', async () => {
    const upStandIn = await identityStandIn('steady', 'qwen2.5:3b');
    const downStandIn = await identityStandIn('fragile', 'qwen2.5:3b');
    cleanups.push(() => upStandIn.stop(), () => downStandIn.stop());
    const steady = await startNode(upStandIn, { model: 'qwen2.5:3b' });
    const fragile = await startNode(downStandIn, { model: 'qwen2.5:3b' });
    const coordinator = await startCoordinator({
      home,
      nodes: [
        { name: 'steady', host: '127.0.0.1', port: steady.port, model: 'qwen2.5:3b', tier: 0 },
        { name: 'fragile', host: '127.0.0.1', port: fragile.port, model: 'qwen2.5:3b', tier: 0 },
      ],
      routing: { prefer_local: false, load_balance: true, fallback_strategy: 'graceful' },
      tuning: { health: { intervalMs: 100, retries: 0, timeoutMs: 5_000 } },
    });
    cleanups.push(() => coordinator.stop());
    expect(nodeStatus(coordinator, 'fragile').health.status).toBe('available');

    await downStandIn.stop();
    await waitFor(() => nodeStatus(coordinator, 'fragile').health.status === 'unavailable', 'the coordinator to take fragile out');
    expect(nodeStatus(coordinator, 'fragile').health.reason).toMatch(/^its model server is down: Ollama is not reachable.* — Start it with `ollama serve`/);

    const listed = await fetch(`${coordinator.url}/cluster/nodes`, { headers: { authorization: `Bearer ${coordinator.runtime.localToken}` } });
    const { nodes } = (await listed.json()) as { nodes: { name: string; health: { status: string; reason: string } }[] };
    expect(nodes.find((entry) => entry.name === 'fragile')?.health).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('its model server is down') });

    for (let round = 0; round < 4; round += 1) {
      const result = await turn(coordinator.url, 'hi');
      expect(result.route?.node).toBe('steady');
      expect(result.response).toBe('steady here');
    }
    expect(downStandIn.chatRequests).toHaveLength(0);
  }, 30_000);
});

describe('harombe start with Ollama down', () => {
  let node: CliNode | undefined;
  afterAll(async () => node?.stop());

  it('listens, then warns that chats cannot be answered, with the fix', async () => {
    const ollamaPort = await freePort();
    const cliHome = await cliNodeHome({ model: { name: 'qwen2.5:7b' }, ollama: { host: `http://127.0.0.1:${ollamaPort}` } });
    node = new CliNode(cliHome, 0);
    await node.start();
    await waitFor(() => node!.output.join('').includes('ollama serve'), 'the start-up warning');
    const output = node.output.join('');
    expect(output).toContain(`warning: This node cannot answer chats: Ollama is not reachable: nothing is listening at http://127.0.0.1:${ollamaPort}. Start it with \`ollama serve\``);
  }, 40_000);
});
