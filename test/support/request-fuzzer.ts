// fast-check arbitraries for HTTP requests to harombe: every endpoint of the contract (a new one is fuzzed as soon as
// it is declared), with random methods, path parameters, queries, headers, bodies and callers.
import fc from 'fast-check';
import { apiContract, type EndpointDefinition } from '../../src/shared';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** The socket's peer address; undefined: no socket at all (app.request without bindings). */
  from: string | undefined;
}

/** Bodies each endpoint would accept, so that part of the fuzzing gets past validation into the handlers. */
const VALID_BODIES: Record<string, unknown[]> = {
  'chat.post': [{ message: 'hi' }, { message: 'hi', conversation_id: 'conv-new' }],
  'chat.stream': [{ message: 'hi' }],
  'confirmations.answer': [{ decision: 'deny' }, { decision: 'allow_once' }],
  'models.pull': [{ name: 'llama3.2:1b' }],
  'config.put': [{ config: { model: { name: 'qwen2.5:7b' } } }],
  'cluster.nodes.add': [{ name: 'fuzzed', host: '127.0.0.1', port: 9, model: 'qwen2.5:3b', tier: 0, kind: 'ollama' }],
  'cluster.route': [{ message: 'hi' }, { message: 'hi', tier: 2 }],
  'openai.chat_completions': [
    { model: 'auto', messages: [{ role: 'user', content: 'hi' }] },
    { model: 'tier:1', stream: true, messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] },
    { model: 'qwen2.5:7b', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
  ],
};

const endpoints = Object.entries(apiContract as Record<string, EndpointDefinition>);

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', '..', '.', '%', '%E0%A4%A', '%00', 'a/b', '?x=1', '#frag', 'conv-new', 'c-1', 'fast', 'local', 'x'.repeat(300)),
);

/** A path parameter: usually URL-encoded, sometimes raw (a raw `/`, `?`, `#` or `%` changes what the path means). */
const pathParameter = fc.oneof({ weight: 3, arbitrary: text.map(encodeURIComponent) }, { weight: 1, arbitrary: text.filter((value) => !/[\s\\]/.test(value)) });

function pathOf(template: string): fc.Arbitrary<string> {
  const names = template.match(/:[A-Za-z_]+/g) ?? [];
  if (names.length === 0) return fc.constant(template);
  return fc.tuple(...names.map(() => pathParameter)).map((values) => {
    let index = 0;
    return template.replace(/:[A-Za-z_]+/g, () => values[index++] ?? '');
  });
}

const query = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom('format', 'save', 'x', ''), fc.oneof(fc.constantFrom('json', 'prometheus', 'true', 'false', 'maybe', ''), text)), { maxLength: 3 })
      .map((pairs) => `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')}`),
  },
);

/** Deeply nested JSON: arrays, objects or both, from harmless to far past the limit. */
const deepJson = fc.tuple(fc.integer({ min: 30, max: 8_000 }), fc.constantFrom('[', '{"a":', 'mixed')).map(([depth, kind]) => {
  if (kind === '[') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
  if (kind === '{"a":') return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return `{"message":"hi","model":"auto","messages":[{"role":"user","content":"hi"}],"extra":${'[{"b":'.repeat(depth)}0${'}]'.repeat(depth)}}`;
});

const HUGE_BODIES = [60_000, 70_000].map((size) => JSON.stringify({ message: 'x'.repeat(size) }));

function bodyFor(name: string): fc.Arbitrary<string | Uint8Array | undefined> {
  const valid = VALID_BODIES[name] ?? [{}];
  const mutated = fc
    .tuple(fc.constantFrom(...valid), fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 6 }))
    .map(([base, key, value]) => JSON.stringify({ ...(base as object), [key]: value }));
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...valid).map((body) => JSON.stringify(body)) },
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 8 }).map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: deepJson },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'not json', '{"message": "Hel', 'message=hi', '\u0000', '{"message":"\uD800"}') },
    // Huge strings, under and over the body limit (the fuzz test sets it to 64 KB, so that they stay cheap).
    { weight: 1, arbitrary: fc.constantFrom(...HUGE_BODIES) },
  );
}

/** `usual` (the well-formed case) three times in four, else one of `others`: enough requests get past security. */
function header<T>(usual: T, ...others: T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...others) });
}

export function fuzzRequest(options: { port: number; localToken: string }): fc.Arbitrary<FuzzRequest> {
  const { port, localToken } = options;
  return fc
    .constantFrom(...endpoints)
    .chain(([name, endpoint]) =>
      fc.record({
        method: fc.oneof({ weight: 6, arbitrary: fc.constant(endpoint.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS') }),
        path: fc.oneof({ weight: 9, arbitrary: pathOf(endpoint.path) }, { weight: 1, arbitrary: fc.constantFrom('/', '/nope', '/v1', '/api/x', '/cluster', '//health', '/health/', '/CHAT') }),
        query,
        body: bodyFor(name),
        contentType: header<string | undefined>('application/json', undefined, 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'json', ';;'),
        origin: header<string | undefined>(undefined, `http://127.0.0.1:${port}`, 'https://evil.example', 'null'),
        host: header<string | undefined>(undefined, `localhost:${port}`, `[::1]:${port}`, 'evil.example', `127.0.0.1:${port + 1}`),
        authorization: header<string | undefined>(`Bearer ${localToken}`, undefined, 'Bearer wrong', 'Basic eDp5', 'Bearer '),
        accept: header<string | undefined>(undefined, 'text/plain', 'text/event-stream', '*/*'),
        from: header<string | undefined>('127.0.0.1', '::1', '::ffff:127.0.0.1', '192.168.1.20', '10.0.0.5', undefined),
      }),
    )
    .map(({ method, path, query: search, body, contentType, origin, host, authorization, accept, from }) => {
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      if (origin) headers['origin'] = origin;
      if (host) headers['host'] = host;
      if (authorization) headers['authorization'] = authorization;
      if (accept) headers['accept'] = accept;
      // GET and HEAD cannot carry a body (the Request constructor refuses one).
      const request: FuzzRequest = { method, path: `${path}${search}`, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body, from };
      // How fast-check prints a counterexample: a body nested 20,000 levels deep is no use on a terminal.
      return Object.assign(request, { [fc.toStringMethod]: () => describe(request) });
    });
}

function describe(request: FuzzRequest): string {
  const { body } = request;
  const shown = body === undefined ? 'no body' : typeof body === 'string' ? `${JSON.stringify(body.slice(0, 200))}${body.length > 200 ? `… (${body.length} chars)` : ''}` : `${body.length} bytes`;
  return `${request.method} ${request.path} from ${request.from ?? 'no socket'} ${JSON.stringify(request.headers)} ${shown}`;
}
