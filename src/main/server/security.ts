// Who may call what: remote clients need the token (or stay on /health and /v1); loopback callers must name this server.
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import type { HarombeConfig } from '../../shared';
import { ApiError, errorResponse } from './api-error';
import { remoteAddressOf, type ServerEnv } from './server-env';

export interface SecurityOptions {
  /** The address the server is bound to (server.host). */
  host: string;
  /** The port it listens on (known only after start() when 0 was asked for). */
  port: () => number;
  /** server.auth_token, read at each request so a config change applies at once. */
  authToken: () => string | undefined;
  /**
   * The local token ($HAROMBE_HOME/local-token): the CLI, the desktop window and the signed-in web UI send it. It
   * authorizes like server.auth_token; from loopback, one of the two is what every non-seed route needs.
   */
  localToken: string;
  /** More names this server answers to (`my-box.local`), besides 127.0.0.1, localhost, [::1] and the bound host. */
  allowedHosts?: readonly string[];
  /** More origins allowed to call the API from a browser (a dev server); they get CORS headers. */
  allowedOrigins?: readonly string[];
  /** Remote GETs of the web UI's static files (no data in them) are allowed; the API behind them still needs the token. */
  isPublicPath?: (method: string, path: string) => boolean;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const normalized = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (normalized === '::1' || normalized === '0:0:0:0:0:0:0:1') return true;
  const v4 = normalized.startsWith('::ffff:') ? normalized.slice('::ffff:'.length) : normalized;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopbackAddress(host);
}

/** Constant-time: both sides are hashed to 32 bytes, so neither content nor length leaks through timing. */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(.+)$/i);
  return match?.[1]?.trim();
}

/** `[::1]` form for IPv6 literals, lower case, as a Host header would carry it. */
function hostName(host: string): string {
  const lower = host.toLowerCase();
  return isIP(lower) === 6 ? `[${lower}]` : lower;
}

export function isOpenAiPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/');
}

const TOKEN_HINT =
  'Set server.auth_token in harombe.yaml (for example `server: { auth_token: <a long random string> }`), restart harombe, ' +
  'and send the header `Authorization: Bearer <token>` with each request.';

export function securityMiddleware(options: SecurityOptions): MiddlewareHandler<ServerEnv> {
  const names = () => {
    const result = new Set(['127.0.0.1', 'localhost', '[::1]', ...(options.allowedHosts ?? []).map(hostName)]);
    if (!WILDCARD_HOSTS.has(options.host)) result.add(hostName(options.host));
    return result;
  };
  const ownOrigins = () => new Set([...names()].map((name) => `http://${name}:${options.port()}`));
  const extraOrigins = new Set((options.allowedOrigins ?? []).map((origin) => origin.toLowerCase().replace(/\/$/, '')));

  const hostIsOurs = (hostHeader: string): boolean => {
    const match = hostHeader.toLowerCase().match(/^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/);
    if (!match) return false;
    const port = match[2] === undefined ? 80 : Number(match[2]);
    return names().has(match[1]!) && port === options.port();
  };

  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    const bearer = bearerToken(c.req.header('authorization'));
    const token = options.authToken();
    const credentialed =
      bearer !== undefined && (tokensMatch(bearer, options.localToken) || (token !== undefined && tokensMatch(bearer, token)));
    // Read by each route: the ones beyond the seed's refuse a request without it (implement.ts).
    c.set('credentialed', credentialed);

    if (isLoopbackAddress(remoteAddressOf(c))) {
      const host = c.req.header('host') ?? new URL(c.req.url).host;
      if (!hostIsOurs(host)) {
        return errorResponse(
          c,
          new ApiError(403, 'forbidden_host', `This harombe server does not answer to the host "${host}"`, {
            hint: `Address it as http://127.0.0.1:${options.port()} or http://localhost:${options.port()}. (Requests for other host names are refused so a web page cannot reach it through DNS rebinding.)`,
          }),
        );
      }
      const origin = c.req.header('origin')?.toLowerCase();
      if (origin !== undefined) {
        if (extraOrigins.has(origin)) {
          c.header('Access-Control-Allow-Origin', origin);
          c.header('Vary', 'Origin');
          if (method === 'OPTIONS') {
            c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE');
            c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
            return c.body(null, 204);
          }
        } else if (!ownOrigins().has(origin)) {
          return errorResponse(
            c,
            new ApiError(403, 'forbidden_origin', `Requests from the web page at ${origin} are not allowed`, {
              hint: 'harombe answers browsers only on its own pages (its web UI and the desktop app), so other sites cannot drive its tools.',
            }),
          );
        }
      }
      return next();
    }

    // Remote from here on.
    if (path === '/health' && (method === 'GET' || method === 'HEAD')) return next();
    if (options.isPublicPath?.(method, path)) return next();
    if (credentialed) return next();
    if (token === undefined) {
      if (isOpenAiPath(path)) return next();
      return errorResponse(
        c,
        new ApiError(401, 'auth_token_required', `Remote clients may reach only GET /health and /v1/* on this server, because it has no server.auth_token`, {
          hint: TOKEN_HINT,
          headers: { 'WWW-Authenticate': 'Bearer' },
        }),
      );
    }
    return errorResponse(
      c,
      new ApiError(401, 'unauthorized', bearer === undefined ? 'This request needs `Authorization: Bearer <token>`' : 'The bearer token is not the one this server expects', {
        hint: 'Send the token from server.auth_token in the server\'s harombe.yaml as `Authorization: Bearer <token>`.',
        headers: { 'WWW-Authenticate': 'Bearer' },
      }),
    );
  };
}

/** What start-up should say out loud about this config's security. */
export function warnings(config: HarombeConfig): string[] {
  const result: string[] = [];
  if (!isLoopbackHost(config.server.host) && !config.server.auth_token) {
    result.push(
      `server.host is ${config.server.host} and server.auth_token is not set: remote clients can reach only /health and /v1 ` +
        '(model inference, open to anyone who can reach this port); set server.auth_token to open the rest.',
    );
  }
  if (!config.tools.confirm_dangerous) {
    result.push('tools.confirm_dangerous is false: dangerous tools (shell commands, file writes, MCP tools) run without asking anyone.');
  }
  return result;
}
