// The Hono environment of harombe's server: the Node request underneath (for the socket's remote address).
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

export interface ServerEnv {
  Bindings: HttpBindings;
}

/** The peer's address from the socket itself (never a header a client can forge); undefined when unknown. */
export function remoteAddressOf(c: Context<ServerEnv>): string | undefined {
  // In-process requests (app.request) may come without Node bindings at all.
  const bindings = c.env as Partial<HttpBindings> | undefined;
  return bindings?.incoming?.socket?.remoteAddress;
}
