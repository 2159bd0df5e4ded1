// Health checks over node:http (the monitor's default transport) against a real loopback server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../shared';
import { probeNode } from './node-probe';
import { HttpProbeTransport } from './probe-transport';

let server: Server;
let origin: string;
let answer: { status: number; body: string };
let openConnections = 0;
let transport: HttpProbeTransport;

beforeEach(async () => {
  answer = { status: 200, body: JSON.stringify({ status: 'healthy', model: 'qwen2.5:7b' }) };
  server = createServer((_request, response) => {
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body);
  });
  server.on('connection', (socket) => {
    openConnections += 1;
    socket.on('close', () => (openConnections -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  transport = new HttpProbeTransport();
});

afterEach(async () => {
  transport.dispose();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const target = (config: Partial<NodeConfig> = {}) => ({ origin, config: { name: 'a', host: '127.0.0.1', port: 1, model: 'qwen2.5:7b', kind: 'harombe', ...config } as NodeConfig });
const probe = (config: Partial<NodeConfig> = {}) => probeNode(target(config), transport, new AbortController().signal);

describe('HttpProbeTransport', () => {
  it('reads the model a node serves, reusing one connection for repeated checks', async () => {
    await expect(probe()).resolves.toEqual({ servedModels: ['qwen2.5:7b'], modelOk: true });
    await expect(probe({ model: 'llama3.2:3b' })).resolves.toMatchObject({ modelOk: false });
    expect(openConnections).toBe(1);
  });

  it('reports an error status, a body that is not JSON and a refused connection in words a person can act on', async () => {
    answer = { status: 401, body: 'no' };
    await expect(probe({ kind: 'ollama' })).rejects.toThrow(/refused the health check \(401\): no; check the node's auth_token/);
    answer = { status: 200, body: '<html>' };
    await expect(probe()).rejects.toThrow(/not JSON/);
    await expect(probeNode({ ...target(), origin: 'http://127.0.0.1:1' }, transport, new AbortController().signal)).rejects.toThrow(/Cannot reach .* \(ECONNREFUSED\)/);
  });

  it('closes its kept-alive connections when disposed', async () => {
    await probe();
    expect(openConnections).toBe(1);
    transport.dispose();
    await expect.poll(() => openConnections).toBe(0);
  });
});
