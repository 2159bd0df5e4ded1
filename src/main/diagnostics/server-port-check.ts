// Whether `harombe start` could listen on server.host:server.port: free, already harombe's, or held by another program.
import { createServer } from 'node:net';
import { healthResponseSchema } from '../../shared';
import { describeRequestFailure, failed, passed, type DiagnosticCheck } from './diagnostic-check';

/** What harombe's GET /health must say for doctor to recognise it (older builds may lack the node identity). */
export const harombeHealthSchema = healthResponseSchema.pick({ status: true, model: true, version: true });

export type ListenOutcome = { free: true } | { free: false; code: string };

/** Tries to listen there, then lets go at once. */
export function tryListen(host: string, port: number): Promise<ListenOutcome> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => resolve({ free: false, code: error.code ?? error.message }));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve({ free: true })));
  });
}

export interface ServerPortCheckOptions {
  host: string;
  port: number;
  fetch?: typeof fetch;
  timeoutMs: number;
  listen?: typeof tryListen;
}

const ID = 'server-port';
const NAME = 'server port';

/** Where to knock to reach a server listening on `host`: a wildcard address is reached on loopback. */
export function probeOrigin(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  const reachable = bare === '0.0.0.0' ? '127.0.0.1' : bare === '::' ? '::1' : bare;
  return reachable.includes(':') ? `http://[${reachable}]:${port}` : `http://${reachable}:${port}`;
}

export async function checkServerPort({ host, port, fetch = globalThis.fetch, timeoutMs, listen = tryListen }: ServerPortCheckOptions): Promise<DiagnosticCheck> {
  const where = `${host}:${port}`;
  const outcome = await listen(host, port);
  if (outcome.free) return passed(ID, NAME, `${where} is free for \`harombe start\``);
  if (outcome.code === 'EACCES') {
    return failed(ID, NAME, `not allowed to listen on ${where} (ports below 1024 need root)`, { fix: 'Set server.port to 1024 or higher (the default is 8000).' });
  }
  if (outcome.code === 'EADDRNOTAVAIL' || outcome.code === 'ENOTFOUND' || outcome.code === 'EAI_AGAIN') {
    return failed(ID, NAME, `server.host ${host} is not an address of this machine (${outcome.code})`, {
      fix: 'Set server.host to 127.0.0.1 (this machine only) or 0.0.0.0 (reachable from the network).',
    });
  }
  if (outcome.code !== 'EADDRINUSE') return failed(ID, NAME, `cannot listen on ${where} (${outcome.code})`, { fix: 'Set server.host and server.port to an address this machine can listen on.' });

  const url = `${probeOrigin(host, port)}/health`;
  const holder = await identifyHolder(url, fetch, timeoutMs);
  if (holder.harombe) return passed(ID, NAME, `harombe ${holder.version} is already running on ${where} (model ${holder.model})`);
  return failed(ID, NAME, `${where} is in use by another program (${holder.detail})`, {
    fix: `Set server.port to a free port, or stop the program holding port ${port} (\`lsof -i :${port}\` shows which).`,
  });
}

type Holder = { harombe: true; version: string; model: string } | { harombe: false; detail: string };

async function identifyHolder(url: string, fetch: typeof globalThis.fetch, timeoutMs: number): Promise<Holder> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    const body: unknown = await response.json().catch(() => undefined);
    const health = harombeHealthSchema.safeParse(body);
    if (response.ok && health.success) return { harombe: true, version: health.data.version, model: health.data.model };
    return { harombe: false, detail: `GET ${url} answered HTTP ${response.status}, not harombe's health` };
  } catch (error) {
    return { harombe: false, detail: `GET ${url}: ${describeRequestFailure(error, url, timeoutMs)}` };
  }
}
