import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { harombeConfigSchema } from '../../shared';
import { isLoopbackAddress, isLoopbackHost, isOpenAiPath, securityMiddleware, tokensMatch, warnings, type SecurityOptions } from './security';
import type { ServerEnv } from './server-env';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::FFFF:127.9.9.9', '[::1]'])('%s is loopback', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });
  it.each(['192.168.1.2', '10.0.0.1', '::ffff:192.168.1.2', 'fe80::1', '128.0.0.1', '127.example.com', '', undefined])('%s is not', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});

describe('tokensMatch', () => {
  it('accepts only the same token, whatever the lengths', () => {
    expect(tokensMatch('s3cret-token', 's3cret-token')).toBe(true);
    expect(tokensMatch('s3cret-toke', 's3cret-token')).toBe(false);
    expect(tokensMatch('', 's3cret-token')).toBe(false);
    expect(tokensMatch('s3cret-token-and-more', 's3cret-token')).toBe(false);
  });
});

describe('warnings', () => {
  it('say nothing for the defaults', () => {
    expect(warnings(harombeConfigSchema.parse({}))).toEqual([]);
  });
  it('warn when bound beyond loopback without a token', () => {
    const [warning] = warnings(harombeConfigSchema.parse({ server: { host: '0.0.0.0' } }));
    expect(warning).toContain('remote clients can reach only /health and /v1');
    expect(warning).toContain('set server.auth_token to open the rest');
    expect(warnings(harombeConfigSchema.parse({ server: { host: '0.0.0.0', auth_token: 'x' } }))).toEqual([]);
  });
  it('warn when dangerous tools run without asking', () => {
    expect(warnings(harombeConfigSchema.parse({ tools: { confirm_dangerous: false } }))).toEqual([
      expect.stringContaining('dangerous tools (shell commands, file writes, MCP tools) run without asking'),
    ]);
  });
});

describe('isLoopbackHost and isOpenAiPath', () => {
  it('count localhost and the long form of ::1 as loopback', () => {
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackAddress('0:0:0:0:0:0:0:1')).toBe(true);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });
  it('take /v1 and what is under it as the OpenAI family, nothing else', () => {
    expect(['/v1', '/v1/models', '/v1/chat/completions'].map(isOpenAiPath)).toEqual([true, true, true]);
    expect(['/v10', '/v1x/models', '/v2/models', '/'].map(isOpenAiPath)).toEqual([false, false, false, false]);
  });
});

// The middleware as a client meets it, on a one-route app (in-process: the remote address is what the socket would say).
const LOCAL_TOKEN = 'local-token-for-the-middleware-tests';

function guarded(options: Partial<SecurityOptions> = {}) {
  const app = new Hono<ServerEnv>();
  app.use(securityMiddleware({ host: '127.0.0.1', port: () => 8000, authToken: () => undefined, localToken: LOCAL_TOKEN, ...options }));
  app.all('*', (c) => c.text(`reached ${c.req.method} ${c.req.path}`));
  return (path: string, init: { method?: string; headers?: Record<string, string>; from?: string } = {}) =>
    app.request(`http://127.0.0.1:8000${path}`, { method: init.method ?? 'GET', headers: init.headers ?? {} }, {
      incoming: { socket: { remoteAddress: init.from ?? '127.0.0.1' } },
    } as unknown as ServerEnv['Bindings']);
}

const REMOTE = '192.168.1.20';

describe('securityMiddleware: which host names a loopback caller may use', () => {
  const status = async (request: ReturnType<typeof guarded>, host: string) => (await request('/x', { headers: { host } })).status;

  it('answers to 127.0.0.1, localhost and [::1] on its own port, and to nothing on another', async () => {
    const request = guarded();
    expect(await Promise.all(['127.0.0.1:8000', 'localhost:8000', '[::1]:8000', 'LOCALHOST:8000'].map((host) => status(request, host)))).toEqual([200, 200, 200, 200]);
    expect(await Promise.all(['127.0.0.1:8001', 'localhost', 'evil.example:8000'].map((host) => status(request, host)))).toEqual([403, 403, 403]);
  });

  it('reads a Host header without a port as port 80', async () => {
    expect(await status(guarded({ port: () => 80 }), 'localhost')).toBe(200);
  });

  it('refuses a Host header with anything before or after the name and port', async () => {
    const request = guarded();
    expect(await Promise.all(['evil.example:localhost:8000', 'localhost:8000x', 'localhost:8000:1'].map((host) => status(request, host)))).toEqual([403, 403, 403]);
  });

  it('answers to the address it is bound to, but never to a wildcard address as a name', async () => {
    expect(await status(guarded({ host: '192.168.1.5' }), '192.168.1.5:8000')).toBe(200);
    expect(await status(guarded({ host: 'fe80::1' }), '[fe80::1]:8000')).toBe(200);
    expect(await status(guarded({ host: 'My-Box.LAN' }), 'my-box.lan:8000')).toBe(200);
    for (const host of ['0.0.0.0', '::', '[::]']) {
      expect(await status(guarded({ host }), '0.0.0.0:8000'), host).toBe(403);
      expect(await status(guarded({ host }), '[::]:8000'), host).toBe(403);
      expect(await status(guarded({ host }), `${host}:8000`), host).toBe(403);
    }
    expect(await status(guarded({ host: '' }), ':8000')).toBe(403);
    // Bound to every address, it still answers to the loopback names.
    expect(await Promise.all(['127.0.0.1:8000', 'localhost:8000', '[::1]:8000'].map((host) => status(guarded({ host: '0.0.0.0' }), host)))).toEqual([200, 200, 200]);
  });

  it('answers to the extra names it was given, whatever their case', async () => {
    const request = guarded({ allowedHosts: ['My-Box.local'] });
    expect(await status(request, 'my-box.local:8000')).toBe(200);
    expect(await status(request, 'other-box.local:8000')).toBe(403);
  });

  it('says which host it refused and how to address it instead', async () => {
    const response = await guarded()('/x', { headers: { host: 'evil.example:8000' } });
    expect(await response.json()).toMatchObject({
      error: {
        code: 'forbidden_host',
        message: 'This harombe server does not answer to the host "evil.example:8000"',
        hint: expect.stringContaining('http://127.0.0.1:8000 or http://localhost:8000'),
      },
    });
  });
});

describe('securityMiddleware: browsers', () => {
  it('lets an extra origin in (written with a trailing slash or in capitals) with CORS headers, and answers its preflight', async () => {
    const request = guarded({ allowedOrigins: ['HTTP://localhost:5173/'] });
    const get = await request('/x', { headers: { origin: 'http://localhost:5173' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(get.headers.get('vary')).toBe('Origin');
    const preflight = await request('/x', { method: 'OPTIONS', headers: { origin: 'http://localhost:5173' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
  });

  it('refuses another web page, naming it', async () => {
    const response = await guarded()('/x', { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: { code: 'forbidden_origin', message: 'Requests from the web page at https://evil.example are not allowed', hint: expect.stringContaining('its own pages') },
    });
  });
});

describe('securityMiddleware: remote callers', () => {
  it('reach GET and HEAD /health without a token, but not POST', async () => {
    const request = guarded();
    expect((await request('/health', { from: REMOTE })).status).toBe(200);
    expect((await request('/health', { method: 'HEAD', from: REMOTE })).status).toBe(200);
    expect((await request('/health', { method: 'POST', from: REMOTE })).status).toBe(401);
  });

  it('reach a public path (the web UI files) without a token, and only that', async () => {
    const request = guarded({ isPublicPath: (method, path) => method === 'GET' && path === '/' });
    expect((await request('/', { from: REMOTE })).status).toBe(200);
    expect((await request('/conversations', { from: REMOTE })).status).toBe(401);
    expect((await guarded()('/', { from: REMOTE })).status).toBe(401);
  });

  it('without server.auth_token: /v1 answers; anything else says why not and what to set', async () => {
    const request = guarded();
    expect((await request('/v1', { method: 'POST', from: REMOTE })).status).toBe(200);
    const refused = await request('/conversations', { from: REMOTE });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'auth_token_required',
        message: 'Remote clients may reach only GET /health and /v1/* on this server, because it has no server.auth_token',
        hint: expect.stringMatching(/^Set server\.auth_token in harombe\.yaml .* and send the header `Authorization: Bearer <token>` with each request\.$/),
      },
    });
  });

  it('with server.auth_token: says whether the token is missing or wrong, and lets the right one in (spaces around it ignored)', async () => {
    const request = guarded({ authToken: () => 'the-server-token' });
    const missing = await request('/conversations', { from: REMOTE });
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toMatchObject({
      error: { code: 'unauthorized', message: 'This request needs `Authorization: Bearer <token>`', hint: expect.stringContaining('server.auth_token') },
    });
    const wrong = await request('/conversations', { from: REMOTE, headers: { authorization: 'Bearer not-it' } });
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized', message: 'The bearer token is not the one this server expects' } });
    expect((await request('/conversations', { from: REMOTE, headers: { authorization: 'bearer   the-server-token' } })).status).toBe(200);
    expect((await request('/conversations', { from: REMOTE, headers: { authorization: `Bearer ${LOCAL_TOKEN}` } })).status).toBe(200);
    expect((await request('/conversations', { from: REMOTE, headers: { authorization: 'xBearer the-server-token' } })).status).toBe(401);
    expect((await request('/v1/models', { from: REMOTE })).status).toBe(401);
  });
});
