// Fuzzing every endpoint of the contract in-process, from loopback and remote callers: whatever arrives, the server
// answers in the contract's error shape without internal error text, never fails unexpectedly, and keeps answering.
//
// The 5xx a fuzzed request may honestly get: from /v1, 502/503/504 when no upstream answers (one node here is a port
// nothing listens on; the other and the local Ollama are the Ollama stand-in, over real loopback sockets); from
// /hardware, 503 `not_available` (these services have no hardware detection); from the cluster, 503 `no_route`.
// A 500 is always a bug.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/main/cluster';
import { createApp } from '../../src/main/server/app';
import { errorStyleFor } from '../../src/main/server/api-error';
import { apiErrorSchema, harombeConfigSchema, healthResponseSchema, openAiErrorSchema, type HarombeConfigInput } from '../../src/shared';
import { TEST_LOCAL_TOKEN, TEST_PORT, fakeWorld, socketFrom } from '../support/fake-services';
import { fuzzRequest, type FuzzRequest } from '../support/request-fuzzer';
import { deadPort } from '../support/cluster-server-kit';
import { OllamaStandIn } from '../support/ollama-stand-in';
import { LocalOllamaResolver } from '../../src/main/server/openai-compat/upstream-resolver';

/** Fixed, so a failure can be replayed; HAROMBE_FUZZ_SEED tries another. fast-check prints it (and the path) on failure. */
const SEED = Number(process.env.HAROMBE_FUZZ_SEED ?? 90_210);
const RUNS = 1000;

const HONEST_5XX = new Set(['upstream_unreachable', 'upstream_error', 'upstream_timeout', 'no_upstream', 'no_route', 'not_available']);

/** What only harombe's insides would say: JavaScript's and Node's error texts, a stack frame. */
const INTERNAL_TEXT = /Maximum call stack|ERR_[A-Z_]{4,}|RangeError|TypeError|ReferenceError|Cannot read propert|\n\s+at \S|node:internal/;

/** The nodes' and the local Ollama's model server: a stand-in on 127.0.0.1, reached through the production transport. */
async function upstreams() {
  const server = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }, { name: 'qwen2.5:3b' }] }).start();
  server.otherwise().reply('hi');
  return { server, down: await deadPort() };
}

type Upstreams = Awaited<ReturnType<typeof upstreams>>;

function world(withCluster: boolean, { server, down }: Upstreams) {
  const config: HarombeConfigInput = {
    model: { name: 'qwen2.5:7b' },
    ollama: { host: server.url },
    ...(withCluster
      ? {
          cluster: {
            nodes: [
              { name: 'fast', host: '127.0.0.1', port: server.port, model: 'qwen2.5:3b', tier: 0, kind: 'ollama' as const },
              // Nothing listens there: a refused connection.
              { name: 'down', host: '127.0.0.1', port: down, model: 'qwen2.5:72b', tier: 2, kind: 'harombe' as const },
            ],
          },
        }
      : {}),
  };
  // Health checks never run (the cluster is not started): routing takes the nodes as they are. No pause between nodes.
  const cluster = withCluster
    ? new Cluster({ config: harombeConfigSchema.parse(config), local: false, executor: { retryBaseMs: 0, retryMaxMs: 0 } })
    : undefined;
  const fake = fakeWorld({ config, overrides: { ...(cluster ? { cluster } : {}) } });
  fake.services.upstream = new LocalOllamaResolver({ ollamaHost: () => server.url, activeModel: () => 'qwen2.5:7b', nodeName: 'local' });
  // A 64 KB body limit: the fuzzer's huge bodies go over it without costing a megabyte each.
  const app = createApp(fake.services, { host: '0.0.0.0', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN, sseKeepAliveMs: 60_000, maxBodyBytes: 64 * 1024 });
  return { ...fake, app, cluster };
}

type World = ReturnType<typeof world>;

function toRequest(request: FuzzRequest): Request {
  // Bytes, so that nothing adds a Content-Type the fuzzer did not choose (a string body would get text/plain).
  const body = typeof request.body === 'string' ? new TextEncoder().encode(request.body) : request.body;
  return new Request(new URL(request.path, `http://127.0.0.1:${TEST_PORT}`), { method: request.method, headers: request.headers, ...(body ? { body } : {}) });
}

/** The body as text; a live feed (/cluster/events) only up to its first event, every other stream to its end. */
async function bodyOf(response: Response, path: string): Promise<string> {
  if (!response.body) return '';
  if (!path.startsWith('/cluster/events') || response.status !== 200) return response.text();
  const reader = response.body.getReader();
  const first = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(first.value);
}

async function check(target: World, request: FuzzRequest): Promise<void> {
  const response = await target.app.request(toRequest(request), undefined, request.from === undefined ? undefined : socketFrom(request.from));
  const text = await bodyOf(response, request.path);
  const where = `${request.method} ${request.path} from ${request.from ?? 'no socket'} → ${response.status}: ${text.slice(0, 300)}`;
  expect(text, where).not.toMatch(INTERNAL_TEXT);
  if (response.status >= 400 && request.method !== 'HEAD') {
    const path = new URL(request.path, 'http://x').pathname;
    const schema = errorStyleFor(path) === 'openai' ? openAiErrorSchema : apiErrorSchema;
    const parsed = schema.safeParse(JSON.parse(text));
    expect(parsed.success, where).toBe(true);
    if (response.status >= 500) expect(HONEST_5XX.has(String(parsed.data?.error.code)), where).toBe(true);
  }
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    // A stream that broke on harombe's side would say so in an `error` event with code `internal`.
    expect(text, where).not.toMatch(/"code":"internal"/);
  }
}

describe('fuzzing every endpoint in the contract', () => {
  let models: Upstreams;
  let worlds: World[];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    models = await upstreams();
    worlds = [world(false, models), world(true, models)];
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await Promise.all(worlds.map((target) => target.cluster?.dispose()));
    await models.server.stop();
  });

  it(`answers ${RUNS} random requests without a 500, a crash or internal error text, then GET /health as usual (seed ${SEED})`, async () => {
    const property = fc.asyncProperty(fc.constantFrom(0, 1), fuzzRequest({ port: TEST_PORT, localToken: TEST_LOCAL_TOKEN }), (index, request) =>
      check(worlds[index]!, request),
    );
    await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });

    expect(unhandled).toEqual([]);
    // /v1 reached the model server through the production transport, not a stand-in for it.
    expect(models.server.chatRequests.length).toBeGreaterThan(0);
    for (const target of worlds) {
      // Nothing unexpected reached the log (onError and broken streams log there), and the server still answers.
      expect(target.logger.lines.filter((line) => line.startsWith('error:'))).toEqual([]);
      const health = await target.app.request(`http://127.0.0.1:${TEST_PORT}/health`, undefined, socketFrom('127.0.0.1'));
      expect(health.status).toBe(200);
      expect(healthResponseSchema.parse(await health.json())).toMatchObject({ status: 'healthy', model: expect.any(String), pid: process.pid });
    }
  }, 60_000);
});
