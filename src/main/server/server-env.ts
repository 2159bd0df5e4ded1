// The Hono environment of harombe's server: the Node request and response underneath (the socket's remote address,
// and a response the /v1 relay streams to directly).
import type { ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

export interface ServerEnv {
  Bindings: HttpBindings;
  Variables: {
    /** The request carries a credential (the local token, or server.auth_token); set by the security middleware. */
    credentialed: boolean;
  };
}

/** The peer's address from the socket itself (never a header a client can forge); undefined when unknown. */
export function remoteAddressOf(c: Context<ServerEnv>): string | undefined {
  // In-process requests (app.request) may come without Node bindings at all.
  const bindings = c.env as Partial<HttpBindings> | undefined;
  return bindings?.incoming?.socket?.remoteAddress;
}

/** The node response under this request (undefined in-process: app.request has no node bindings). */
export function nodeResponseOf(c: Context<ServerEnv>): ServerResponse | undefined {
  const bindings = c.env as Partial<HttpBindings> | undefined;
  const outgoing = bindings?.outgoing;
  return outgoing && 'writeHead' in outgoing ? (outgoing as ServerResponse) : undefined;
}
