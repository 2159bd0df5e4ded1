// A TCP relay on 127.0.0.1 that keeps one port while its target changes: a node that goes down and comes back at the same address.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export class LoopbackRelay {
  private server: Server | undefined;
  private port_: number | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private targetPort: number) {}

  /** Listens (on its first port again after close()), relaying to `targetPort` (or the one given before). */
  async open(targetPort = this.targetPort): Promise<this> {
    this.targetPort = targetPort;
    if (this.server) return this;
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port_ ?? 0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port_ = (server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening and cuts every connection: new connections are refused, as by a machine that went down. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get port(): number {
    if (this.port_ === undefined) throw new Error('The relay is not open: await relay.open() first.');
    return this.port_;
  }
}
