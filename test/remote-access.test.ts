// A node bound to 0.0.0.0, reached by a real remote client (curl inside a network namespace the test creates):
// without a token only /health and /v1 answer; with one, every route wants it.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HarombeRuntime } from '../src/main/runtime';
import { createNetworkNamespace, namespaceUnavailableReason, type NetworkNamespace } from './support/network-namespace';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome } from './support/run-cli';

const unavailable = await namespaceUnavailableReason();
if (unavailable) console.warn(`skipping remote-access tests: ${unavailable}`);

describe.skipIf(Boolean(unavailable))('remote clients of a node bound to 0.0.0.0', () => {
  let standIn: OllamaStandIn;
  let namespace: NetworkNamespace;
  const runtimes: HarombeRuntime[] = [];

  beforeAll(async () => {
    standIn = await new OllamaStandIn().start();
    namespace = await createNetworkNamespace();
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.stop({ graceDeadlineMs: 500 });
    await namespace?.remove();
    await standIn?.stop();
    vi.unstubAllEnvs();
  });

  async function startNode(extra: string): Promise<number> {
    const home = await makeHome();
    vi.stubEnv('HAROMBE_HOME', home);
    await mkdir(join(home, 'workspace'), { recursive: true });
    const config = join(home, 'harombe.yaml');
    await writeFile(config, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\nserver:\n  host: 0.0.0.0\n  advertise: false\n${extra}`);
    const runtime = await HarombeRuntime.create({ configPath: config, port: 0 });
    runtimes.push(runtime);
    return (await runtime.start()).port;
  }

  async function remoteCurl(port: number, path: string, args: string[] = []): Promise<{ status: number; body: string }> {
    const result = await namespace.exec('curl', ['-s', '-w', '\n%{http_code}', ...args, `http://${namespace.hostAddress}:${port}${path}`]);
    const lines = result.stdout.trimEnd().split('\n');
    return { status: Number(lines.pop()), body: lines.join('\n') };
  }

  it('without a token: /health and /v1 answer, everything else is 401 with how to set a token', async () => {
    const port = await startNode('');
    expect((await remoteCurl(port, '/health')).status).toBe(200);
    const models = await remoteCurl(port, '/v1/models');
    expect(models.status).toBe(200);
    expect(JSON.parse(models.body)).toMatchObject({ object: 'list' });
    for (const [path, args] of [
      ['/chat', ['-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{"message":"hi"}']],
      ['/config', []],
      ['/conversations', []],
    ] as const) {
      const response = await remoteCurl(port, path, [...args]);
      expect(response.status, path).toBe(401);
      expect(response.body).toContain('auth_token');
    }
  });

  it('with a token: a wrong one is 401, the right one opens the API', async () => {
    const port = await startNode('  auth_token: s3cret-token-value\n');
    expect((await remoteCurl(port, '/conversations', ['-H', 'Authorization: Bearer wrong'])).status).toBe(401);
    expect((await remoteCurl(port, '/v1/models')).status).toBe(401);
    expect((await remoteCurl(port, '/conversations', ['-H', 'Authorization: Bearer s3cret-token-value'])).status).toBe(200);
    expect((await remoteCurl(port, '/health')).status).toBe(200);
  });
});
