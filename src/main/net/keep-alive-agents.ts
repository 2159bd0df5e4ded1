// The process's keep-alive connection pools for requests to models and nodes (node:http and node:https).
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

// Shared by every model request of the process. Idle keep-alive sockets are unref'd by node (they never hold the
// process open) and closed by the server's own keep-alive timeout; a request on a socket it already closed is
// retried once by its caller (see isStaleSocketError).
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 256, maxFreeSockets: 32, scheduling: 'lifo' as const };

export const httpAgent = new HttpAgent(AGENT_OPTIONS);
export const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/**
 * Closes the pools' idle sockets: a host that stops harombe (the desktop app's tray) keeps no connection open.
 * Requests in flight keep theirs, so another runtime in the process is not disturbed; later requests open new ones.
 */
export function closeIdleConnections(): void {
  for (const agent of [httpAgent, httpsAgent]) {
    for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  }
}

export function agentFor(url: URL): HttpAgent {
  return url.protocol === 'https:' ? httpsAgent : httpAgent;
}

/** A request that failed on a kept-alive socket the server had just closed: nothing reached it, so it may be sent again. */
export function isStaleSocketError(error: unknown): boolean {
  const candidate = error as { code?: unknown; reusedSocket?: unknown } | null;
  return candidate?.code === 'ECONNRESET' && candidate.reusedSocket === true;
}

/** A request that got no answer, shaped like fetch's failure (its cause names the reason: ECONNREFUSED, ENOTFOUND). */
export class UpstreamRequestError extends TypeError {
  constructor(cause: unknown) {
    super(`request failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
