import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkServerPort, probeOrigin } from './server-port-check';

const servers: { close(callback: () => void): unknown }[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(() => resolve(undefined)))));
});

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('checkServerPort', () => {
  it('passes a free port', async () => {
    const port = await freePort();
    expect(await checkServerPort({ host: '127.0.0.1', port, timeoutMs: 2000 })).toMatchObject({ status: 'pass', detail: `127.0.0.1:${port} is free for \`harombe start\`` });
  });

  it('recognises harombe already running there by its health answer', async () => {
    const port = await listen(
      createHttpServer((request, response) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(request.url === '/health' ? { status: 'healthy', model: 'qwen2.5:7b', version: '0.1.0', node: { name: 'local', tier: 0 } } : {}));
      }),
    );
    expect(await checkServerPort({ host: '127.0.0.1', port, timeoutMs: 2000 })).toMatchObject({
      status: 'pass',
      detail: `harombe 0.1.0 is already running on 127.0.0.1:${port} (model qwen2.5:7b)`,
    });
  });

  it('fails when another web server holds the port, with the server.port fix', async () => {
    const port = await listen(createHttpServer((_request, response) => response.writeHead(404).end('not found')));
    const check = await checkServerPort({ host: '127.0.0.1', port, timeoutMs: 2000 });
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining(`127.0.0.1:${port} is in use by another program`) });
    expect(check.detail).toContain('HTTP 404');
    expect(check.fix).toContain('server.port');
  });

  it('fails when a program that does not speak HTTP holds the port, without waiting forever', async () => {
    const port = await listen(createTcpServer(() => undefined));
    const check = await checkServerPort({ host: '127.0.0.1', port, timeoutMs: 200 });
    expect(check).toMatchObject({ status: 'fail', detail: expect.stringContaining('no answer from') });
  });

  it('explains a port it may not use and a host that is not this machine', async () => {
    expect(await checkServerPort({ host: '127.0.0.1', port: 80, timeoutMs: 200, listen: async () => ({ free: false, code: 'EACCES' }) })).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('1024'),
    });
    expect(await checkServerPort({ host: '10.9.9.9', port: 8000, timeoutMs: 200, listen: async () => ({ free: false, code: 'EADDRNOTAVAIL' }) })).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('not an address of this machine'),
    });
  });

  it('knocks on loopback when the server listens on every address', () => {
    expect(probeOrigin('0.0.0.0', 8000)).toBe('http://127.0.0.1:8000');
    expect(probeOrigin('::', 8000)).toBe('http://[::1]:8000');
    expect(probeOrigin('192.168.1.4', 8000)).toBe('http://192.168.1.4:8000');
  });
});
