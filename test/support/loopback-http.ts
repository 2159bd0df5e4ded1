// Real node:http servers on 127.0.0.1 for transport tests: every connection and request recorded, an echo handler, and
// small helpers to wait on sockets and bodies without sleeping.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface TestServer {
  server: Server;
  url: string;
  /** Every connection the server accepted, in order. */
  connections: Socket[];
  /** Every request the server received, in order. */
  requests: IncomingMessage[];
}

export type Handler = (request: IncomingMessage, response: ServerResponse, server: TestServer) => void | Promise<void>;

const running: Server[] = [];

export async function serve(handler: Handler): Promise<TestServer> {
  const server = createServer();
  const testServer: TestServer = { server, url: '', connections: [], requests: [] };
  server.on('connection', (socket: Socket) => testServer.connections.push(socket));
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    testServer.requests.push(request);
    void handler(request, response, testServer);
  });
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  testServer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return testServer;
}

/** Closes every server serve() started (call it after each test). */
export async function closeTestServers(): Promise<void> {
  await Promise.all(
    running.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
}

/** A promise the test settles itself: lets a server wait for the client (and the client for the server) without sleeping. */
export function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { open, opened };
}

/** Resolves when the socket has closed; fails the test if it stays open (a hang, not a timing assertion). */
export function closed(socket: Socket, limitMs = 5_000): Promise<void> {
  if (socket.destroyed && socket.closed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server never saw the connection close')), limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

const decoder = new TextDecoder();

/** Reads the body until its text so far contains `marker`, and returns that text. */
export async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, marker: string): Promise<string> {
  let text = '';
  while (!text.includes(marker)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the body ended before ${JSON.stringify(marker)}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

export function sseEvents(...data: string[]): string {
  return data.map((payload) => `data: ${payload}\n\n`).join('');
}

/** The echo a server gives of what it received. */
export interface Echo {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: number[];
}

export async function echo(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await bodyOf(request);
  const reply: Echo = {
    method: request.method!,
    path: request.url!,
    headers: request.headers as Record<string, string>,
    body: [...body],
  };
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify(reply));
}
