// The one "is a harombe here?" question, against real listeners on loopback: a harombe, another HTTP server, nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPort, clientUrl } from './port-check';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(status: number, body: string, headers: Record<string, string> = {}): Promise<string> {
  const server = createServer((_request, response) => response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return clientUrl('127.0.0.1', (server.address() as AddressInfo).port);
}

describe('checkPort', () => {
  it('knows a harombe by its /health, with its pid and version', async () => {
    const url = await listen(200, JSON.stringify({ status: 'healthy', model: 'qwen2.5:7b', version: '0.1.0', node: { name: 'box', tier: 0 }, pid: 4242 }));
    expect(await checkPort(url)).toMatchObject({ state: 'harombe', health: { pid: 4242, version: '0.1.0' } });
  });

  it('tells another server apart (what it answered, its Server header), and a port nothing listens on', async () => {
    const url = await listen(404, '<h1>Not Found</h1>', { server: 'nginx', 'content-type': 'text/html' });
    expect(await checkPort(url)).toEqual({ state: 'other', detail: 'HTTP 404, not JSON', server: 'nginx' });
    const json = await listen(200, '{"status":"ok"}');
    expect(await checkPort(json)).toEqual({ state: 'other', detail: 'HTTP 200' });
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));
    expect(await checkPort(json)).toEqual({ state: 'nothing' });
  });

  it('reaches a wildcard address on loopback', () => {
    expect(clientUrl('0.0.0.0', 8000)).toBe('http://127.0.0.1:8000');
    expect(clientUrl('::', 8000)).toBe('http://[::1]:8000');
    expect(clientUrl('[::]', 8000)).toBe('http://[::1]:8000');
    expect(clientUrl('192.168.1.20', 8000)).toBe('http://192.168.1.20:8000');
  });
});
