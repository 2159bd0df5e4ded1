// The security model over in-process requests: remote vs loopback, the token, foreign Origins, DNS rebinding.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/server/app';
import { apiErrorSchema, openAiErrorSchema, type HarombeConfigInput } from '../../src/shared';
import { apiContract } from '../../src/shared';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld } from '../support/fake-services';

const REMOTE = '192.168.1.50';

function setup(config: HarombeConfigInput = {}, options: { rendererRoot?: string; allowedOrigins?: string[] } = {}) {
  // /v1 relays to a model server; this one answers in-process, so no test reaches a real Ollama.
  const fetch = async () => Response.json({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'qwen2.5:7b', choices: [] });
  const world = fakeWorld({ config: { model: { name: 'qwen2.5:7b' }, server: { host: '0.0.0.0' }, ...config }, overrides: { fetch } });
  const app = createApp(world.services, { host: world.config.get().server.host, port: TEST_PORT, localToken: TEST_LOCAL_TOKEN, ...options });
  return { ...world, app };
}

describe('remote clients without server.auth_token', () => {
  const { app } = setup();

  it('reach GET /health', async () => {
    expect((await call(app, '/health', {}, REMOTE)).status).toBe(200);
  });

  it('reach /v1/*', async () => {
    const response = await call(app, '/v1/chat/completions', { method: 'POST', json: { model: 'auto', messages: [{ role: 'user', content: 'hi' }] } }, REMOTE);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: 'chat.completion' });
  });

  it.each([
    ['POST', '/chat'],
    ['GET', '/config'],
    ['GET', '/conversations'],
    ['POST', '/confirmations/c-1'],
  ])('get 401 for %s %s, with how to set a token', async (method, path) => {
    const response = await call(app, path, { method, ...(method === 'POST' ? { json: { message: 'hi' } } : {}) }, REMOTE);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const { error } = apiErrorSchema.parse(await response.json());
    expect(error.code).toBe('auth_token_required');
    expect(error.hint).toContain('server.auth_token');
    expect(error.hint).toContain('harombe.yaml');
    expect(error.hint).toContain('Authorization: Bearer <token>');
  });

  it('the check uses the socket address, not a forwarded header', async () => {
    const response = await call(app, '/config', { headers: { 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1' } }, REMOTE);
    expect(response.status).toBe(401);
  });
});

describe('remote clients with server.auth_token', () => {
  const { app } = setup({ server: { host: '0.0.0.0', auth_token: 'right-token' } });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('need no token for /health', async () => {
    expect((await call(app, '/health', {}, REMOTE)).status).toBe(200);
  });

  it('are refused with a wrong or missing token, /v1 included', async () => {
    const wrong = await call(app, '/conversations', { headers: bearer('wrong-token') }, REMOTE);
    expect(wrong.status).toBe(401);
    expect(apiErrorSchema.parse(await wrong.json()).error.code).toBe('unauthorized');
    expect((await call(app, '/conversations', {}, REMOTE)).status).toBe(401);
    const v1 = await call(app, '/v1/models', {}, REMOTE);
    expect(v1.status).toBe(401);
    // /v1 speaks OpenAI's error dialect, so OpenAI clients show the message.
    expect(openAiErrorSchema.parse(await v1.json()).error).toMatchObject({ type: 'authentication_error', code: 'unauthorized' });
  });

  it('are let in with the right token', async () => {
    expect((await call(app, '/conversations', { headers: bearer('right-token') }, REMOTE)).status).toBe(200);
    expect((await call(app, '/chat', { method: 'POST', headers: bearer('right-token'), json: { message: 'hi' } }, REMOTE)).status).toBe(200);
  });

  it('a token changed through the config applies at once', async () => {
    const world = setup({ server: { host: '0.0.0.0', auth_token: 'old-token' } });
    const next = { ...world.config.get(), server: { ...world.config.get().server, auth_token: 'new-token' } };
    await world.config.update(next);
    expect((await call(world.app, '/conversations', { headers: bearer('old-token') }, REMOTE)).status).toBe(401);
    expect((await call(world.app, '/conversations', { headers: bearer('new-token') }, REMOTE)).status).toBe(200);
  });
});

describe('loopback requests', () => {
  const { app } = setup({ server: { host: '127.0.0.1' } });

  it('with the local token reach every route', async () => {
    expect((await call(app, '/conversations', {}, '127.0.0.1')).status).toBe(200);
    expect((await call(app, '/conversations', {}, '::ffff:127.0.0.1')).status).toBe(200);
    expect((await call(app, '/conversations', {}, '::1')).status).toBe(200);
  });

  it('from a foreign Origin are refused with 403', async () => {
    const response = await call(app, '/chat', { method: 'POST', headers: { origin: 'https://evil.example' }, json: { message: 'rm -rf ~' } });
    expect(response.status).toBe(403);
    expect(apiErrorSchema.parse(await response.json()).error.code).toBe('forbidden_origin');
    expect((await call(app, '/conversations', { headers: { origin: 'null' } })).status).toBe(403);
    expect((await call(app, '/conversations', { headers: { origin: `http://localhost:${TEST_PORT + 1}` } })).status).toBe(403);
  });

  it("from this server's own origin are fine", async () => {
    expect((await call(app, '/conversations', { headers: { origin: `http://127.0.0.1:${TEST_PORT}` } })).status).toBe(200);
    expect((await call(app, '/conversations', { headers: { origin: `http://localhost:${TEST_PORT}` } })).status).toBe(200);
  });

  it('naming another host are refused with 403 (DNS rebinding)', async () => {
    const rebound = await call(app, '/conversations', { headers: { host: `attacker.example:${TEST_PORT}` } });
    expect(rebound.status).toBe(403);
    expect(apiErrorSchema.parse(await rebound.json()).error.code).toBe('forbidden_host');
    expect((await call(app, '/conversations', { headers: { host: `127.0.0.1:${TEST_PORT + 1}` } })).status).toBe(403);
    for (const host of [`localhost:${TEST_PORT}`, `127.0.0.1:${TEST_PORT}`, `[::1]:${TEST_PORT}`, `LOCALHOST:${TEST_PORT}`]) {
      expect((await call(app, '/conversations', { headers: { host } })).status, host).toBe(200);
    }
  });

  it('may come from an extra allowed origin, with CORS headers and an answered preflight', async () => {
    const { app: devApp } = setup({ server: { host: '127.0.0.1' } }, { allowedOrigins: ['http://localhost:5173'] });
    const preflight = await call(devApp, '/chat', { method: 'OPTIONS', headers: { origin: 'http://localhost:5173' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const response = await call(devApp, '/conversations', { headers: { origin: 'http://localhost:5173' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('the local token (loopback is shared by every user and every process the agent starts)', () => {
  const anonymous = { anonymous: true } as const;

  it("the seed's routes and /v1 answer loopback callers without it, as the seed's README shows", async () => {
    const { app } = setup({ server: { host: '127.0.0.1' } });
    expect((await call(app, '/health', anonymous)).status).toBe(200);
    expect((await call(app, '/metrics', anonymous)).status).toBe(200);
    expect((await call(app, '/chat', { ...anonymous, method: 'POST', json: { message: 'Hello!' } })).status).toBe(200);
    expect((await call(app, '/chat/stream', { ...anonymous, method: 'POST', json: { message: 'Hello!' } })).status).toBe(200);
    expect((await call(app, '/v1/models', anonymous)).status).toBe(200);
  });

  it('every other endpoint in the endpoint map answers 401 without it, saying where the token is', async () => {
    const { app } = setup({ server: { host: '127.0.0.1' } });
    const guarded = Object.entries(apiContract).filter(([, endpoint]) => !('access' in endpoint));
    expect(guarded.map(([name]) => name)).toEqual(expect.arrayContaining(['config.get', 'config.put', 'confirmations.answer', 'conversations.list', 'cluster.nodes.add', 'models.pull']));
    for (const [name, endpoint] of guarded) {
      const path = endpoint.path.replace(/:[A-Za-z_]+/g, 'x');
      const response = await call(app, path, { ...anonymous, method: endpoint.method, ...(endpoint.method === 'GET' || endpoint.method === 'DELETE' ? {} : { json: {} }) });
      expect(response.status, name).toBe(401);
      const { error } = apiErrorSchema.parse(await response.json());
      expect(error.code, name).toBe('local_token_required');
      expect(error.hint, name).toContain('local-token');
    }
  });

  it('a wrong token is refused too', async () => {
    const { app } = setup({ server: { host: '127.0.0.1' } });
    expect((await call(app, '/config', { headers: { authorization: 'Bearer guess' } })).status).toBe(401);
  });

  it('an approved command cannot read or change the config over loopback, nor answer a confirmation', async () => {
    // The attack: GET /config, switch the sandbox and approvals off, PUT it back, then run anything through /chat.
    const { app, config } = setup({ server: { host: '127.0.0.1' } });
    const before = structuredClone(config.get());
    expect((await call(app, '/config', anonymous)).status).toBe(401);
    const weakened = { ...before, tools: { ...before.tools, sandbox: 'none', confirm_dangerous: false } };
    expect((await call(app, '/config', { ...anonymous, method: 'PUT', json: { config: weakened } })).status).toBe(401);
    expect(config.get()).toEqual(before);
    expect((await call(app, '/confirmations/c-1', { ...anonymous, method: 'POST', json: { decision: 'allow_once' } })).status).toBe(401);
  });

  it('server.auth_token opens the same routes from loopback', async () => {
    const { app } = setup({ server: { host: '127.0.0.1', auth_token: 'right-token' } });
    expect((await call(app, '/conversations', { headers: { authorization: 'Bearer right-token' } })).status).toBe(200);
  });

  it('authorizes remote callers like the auth token', async () => {
    const { app } = setup({ server: { host: '0.0.0.0' } });
    expect((await call(app, '/conversations', { headers: { authorization: `Bearer ${TEST_LOCAL_TOKEN}` } }, REMOTE)).status).toBe(200);
    expect((await call(app, '/conversations', { headers: { authorization: 'Bearer guess' } }, REMOTE)).status).toBe(401);
  });

  it('does not let a foreign web page in: the Origin check still applies', async () => {
    const { app } = setup({ server: { host: '127.0.0.1' } });
    expect((await call(app, '/conversations', { headers: { origin: 'file://' } })).status).toBe(403);
  });

  it('no spelling of a guarded path slips past it', async () => {
    const { app } = setup({ server: { host: '127.0.0.1' } });
    for (const path of ['/config/', '/Config', '/%63onfig', '/config?x=1', '//config', '/./config', '/chat/../config']) {
      const response = await call(app, path, anonymous);
      expect([401, 403, 404, 405], path).toContain(response.status);
      expect(JSON.stringify(await response.json()), path).not.toContain('confirm_dangerous');
    }
  });
});

describe('the web UI shell (no data in it) is public; the API behind it is not', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'harombe-web-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>harombe</title>');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('remote GET / is served; remote GET /conversations is 401', async () => {
    const { app } = setup({ server: { host: '0.0.0.0', auth_token: 'right-token' } }, { rendererRoot: root });
    expect((await call(app, '/', {}, REMOTE)).status).toBe(200);
    expect((await call(app, '/settings', {}, REMOTE)).status).toBe(200);
    expect((await call(app, '/conversations', {}, REMOTE)).status).toBe(401);
    expect((await call(app, '/', { method: 'POST' }, REMOTE)).status).toBe(401);
  });
});
