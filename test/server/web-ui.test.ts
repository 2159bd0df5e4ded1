// Web mode: the built renderer at /, its assets with the right types, SPA fallback, a strict CSP; the API unaffected.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/server/app';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld } from '../support/fake-services';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>';
let root: string;
let outside: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'harombe-renderer-'));
  outside = await mkdtemp(join(tmpdir(), 'harombe-outside-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log("harombe")');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{margin:0}');
  await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(outside, 'secret.txt'), 'not for the web');
  await symlink(join(outside, 'secret.txt'), join(root, 'assets', 'link.txt'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

function web(rendererRoot = root) {
  return createApp(fakeWorld().services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN, rendererRoot });
}

describe('web mode', () => {
  it('serves index.html at / with a strict CSP', async () => {
    const response = await call(web(), '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(INDEX);
    const csp = response.headers.get('content-security-policy');
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
  });

  it.each([
    ['/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (path, type) => {
    const response = await call(web(), path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers client-side routes with index.html, and a missing asset with 404', async () => {
    const app = web();
    expect(await (await call(app, '/settings/models')).text()).toBe(INDEX);
    expect((await call(app, '/assets/gone-123.js')).status).toBe(404);
  });

  it('never serves a file outside the build folder', async () => {
    const app = web();
    for (const path of ['/../outside/secret.txt', '/assets/%2e%2e/%2e%2e/etc/passwd', '/assets/link.txt']) {
      const response = await call(app, path);
      expect(await response.text(), path).not.toContain('not for the web');
    }
  });

  it('leaves the API alone: JSON endpoints answer, unknown API paths are JSON 404s', async () => {
    const app = web();
    expect(await (await call(app, '/health')).json()).toMatchObject({ status: 'healthy' });
    const missing = await call(app, '/conversations/x/y');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect((await call(app, '/v1/nothing')).headers.get('content-type')).toContain('application/json');
  });

  it('says to run `npm run build` when the renderer is not built', async () => {
    const response = await call(web(join(root, 'not-built')), '/');
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('npm run build');
  });

  it('without a renderer folder, / is a JSON 404 (API only)', async () => {
    const app = createApp(fakeWorld().services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN });
    expect((await call(app, '/')).status).toBe(404);
  });
});
