// The API server as a long-lived thing: start() listens, stop() drains, cancels what is left, and closes every socket.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp, type AppOptions } from './app';
import { listenError } from './listen-error';
import type { ServerEnv } from './server-env';
import type { ServerServices } from './services';
import { TurnRegistry } from './turn-registry';

export interface HarombeServerOptions extends Omit<AppOptions, 'port' | 'turns'> {
  /** 0 picks a free port; `port` tells which after start(). */
  port: number;
}

export interface StopOptions {
  /** How long running requests may finish on their own before their turns are cancelled and sockets closed. */
  graceDeadlineMs?: number;
}

/** How long cancelled streams get to write their last event before their sockets are closed. */
const CANCEL_FLUSH_MS = 1000;

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export class HarombeServer {
  readonly app: Hono<ServerEnv>;
  private readonly turns = new TurnRegistry();
  private server: Server | undefined;
  private listeningPort: number | undefined;
  private activeRequests = 0;
  private onIdle: (() => void) | undefined;

  constructor(
    services: ServerServices,
    private readonly options: HarombeServerOptions,
  ) {
    this.app = createApp(services, { ...options, port: () => this.listeningPort ?? options.port, turns: this.turns });
  }

  /** The port listened on, once started. */
  get port(): number | undefined {
    return this.listeningPort;
  }

  get url(): string | undefined {
    return this.listeningPort === undefined ? undefined : `http://${urlHost(this.options.host)}:${this.listeningPort}`;
  }

  async start(): Promise<{ url: string; port: number }> {
    if (this.server) throw new Error('The harombe server is already started');
    const { host, port } = this.options;
    const server = await new Promise<Server>((resolve, reject) => {
      const candidate = serve({ fetch: this.app.fetch, hostname: host, port }, () => resolve(candidate)) as Server;
      // Said once it is known who holds the port (a quick probe), so the message can name it.
      candidate.once('error', (error: NodeJS.ErrnoException) => void listenError(error, host, port).then(reject));
      candidate.on('request', (_request, response) => {
        this.activeRequests += 1;
        response.once('close', () => {
          this.activeRequests -= 1;
          if (this.activeRequests === 0) this.onIdle?.();
        });
      });
    });
    const address = server.address();
    this.listeningPort = typeof address === 'object' && address ? address.port : port;
    this.server = server;
    return { url: this.url!, port: this.listeningPort };
  }

  /** Resolves when no request is running, or after `ms`, whichever comes first (the timer never outlives it). */
  private async turnsEndWithin(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.turns.allEnded(), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private idleWithin(ms: number): Promise<void> {
    if (this.activeRequests === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.onIdle = done;
    }).finally(() => {
      this.onIdle = undefined;
    });
  }

  async stop({ graceDeadlineMs = 5000 }: StopOptions = {}): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await this.idleWithin(graceDeadlineMs);
    if (this.activeRequests > 0) {
      this.turns.cancelAll();
      await this.idleWithin(CANCEL_FLUSH_MS);
    }
    // A turn that outlived its request (waiting for a confirmation after its stream closed) is cancelled too, and
    // awaited: it saves its conversation on the way out, which a process exiting right after stop() would cut off.
    if (this.turns.size > 0) {
      this.turns.cancelAll();
      await this.turnsEndWithin(CANCEL_FLUSH_MS);
    }
    server.closeAllConnections();
    await closed;
    this.listeningPort = undefined;
  }
}
