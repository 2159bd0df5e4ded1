// Fuzzing every endpoint of the contract in-process, from loopback and remote callers: whatever arrives, the server
// answers in the contract's error shape without internal error text, never fails unexpectedly, and keeps answering.
//
// The 5xx a fuzzed request may honestly get: from /v1, 502/503/504 when no upstream answers (the stand-in upstream
// here refuses one node); from /hardware, 503 `not_available` (these services have no hardware detection); from the
// cluster, 503 `no_route`. A 500 is always a bug.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/main/cluster';
import { createApp } from '../../src/main/server/app';
import { errorStyleFor } from '../../src/main/server/api-error';
import { apiErrorSchema, harombeConfigSchema, healthResponseSchema, openAiErrorSchema, type HarombeConfigInput } from '../../src/shared';
import { TEST_LOCAL_TOKEN, TEST_PORT, fakeWorld, socketFrom } from '../support/fake-services';
import { fuzzRequest, type FuzzRequest } from '../support/request-fuzzer';

/** Fixed, so a failure can be replayed; HAROMBE_FUZZ_SEED tries another. fast-check prints it (and the path) on failure. */
const SEED = Number(process.env.HAROMBE_FUZZ_SEED ?? 90_210);
const RUNS = 1000;

const HONEST_5XX = new Set(['upstream_unreachable', 'upstream_error', 'upstream_timeout', 'no_upstream', 'no_route', 'not_available']);

/** What only harombe's insides would say: JavaScript's and Node's error texts, a stack frame. */
const INTERNAL_TEXT = /Maximum call stack|ERR_[A-Z_]{4,}|RangeError|TypeError|ReferenceError|Cannot read propert|\n\s+at \S|node:internal/;

/** A model server that never leaves the process: it answers every node but the one on port 9, which refuses. */
const upstreamFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.port === '9') {
    throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
  }
  if (url.pathname.endsWith('/models')) return Response.json({ object: 'list', data: [{ id: 'qwen2.5:7b', object: 'model', created: 0, owned_by: 'library' }] });
  const body = JSON.parse(String(init?.body)) as { stream?: boolean; model: string };
  const chunk = { id: 'c', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: { content: 'hi' } }] };
  if (body.stream) {
    return new Response(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`, { headers: { 'content-type': 'text/event-stream' } });
  }
  return Response.json({ id: 'c', object: 'chat.completion', created: 0, model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' } }] });
};

function world(withCluster: boolean) {
  const config: HarombeConfigInput = {
    model: { name: 'qwen2.5:7b' },
    // Reached only through the fetch above.
    ollama: { host: 'http://127.0.0.1:8100' },
    ...(withCluster
      ? {
          cluster: {
            nodes: [
              { name: 'fast', host: '127.0.0.1', port: 8101, model: 'qwen2.5:3b', tier: 0, kind: 'ollama' as const },
              { name: 'down', host: '127.0.0.1', port: 9, model: 'qwen2.5:72b', tier: 2, kind: 'harombe' as const },
            ],
          },
        }
      : {}),
  };
  // Health checks never run (the cluster is not started): routing takes the nodes as they are.
  const cluster = withCluster ? new Cluster({ config: harombeConfigSchema.parse(config), local: false, fetch: upstreamFetch }) : undefined;
  const fake = fakeWorld({ config, overrides: { fetch: upstreamFetch, ...(cluster ? { cluster } : {}) } });
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
  const worlds = [world(false), world(true)];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await Promise.all(worlds.map((target) => target.cluster?.dispose()));
  });

  it(`answers ${RUNS} random requests without a 500, a crash or internal error text, then GET /health as usual (seed ${SEED})`, async () => {
    const property = fc.asyncProperty(fc.constantFrom(0, 1), fuzzRequest({ port: TEST_PORT, localToken: TEST_LOCAL_TOKEN }), (index, request) =>
      check(worlds[index]!, request),
    );
    await fc.assert(property, { seed: SEED, numRuns: RUNS, endOnFailure: true });

    expect(unhandled).toEqual([]);
    for (const target of worlds) {
      // Nothing unexpected reached the log (onError and broken streams log there), and the server still answers.
      expect(target.logger.lines.filter((line) => line.startsWith('error:'))).toEqual([]);
      const health = await target.app.request(`http://127.0.0.1:${TEST_PORT}/health`, undefined, socketFrom('127.0.0.1'));
      expect(health.status).toBe(200);
      expect(healthResponseSchema.parse(await health.json())).toMatchObject({ status: 'healthy', model: expect.any(String), pid: process.pid });
    }
  }, 60_000);
});
