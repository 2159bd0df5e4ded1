// The Hono app: security, body limit, the contract's routes, the web UI, and errors as JSON (never a stack trace).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { apiContract } from '../../shared';
import { formatBytes } from '../../shared/format';
import { ApiError, describeFailure, errorResponse, UNEXPECTED_ERROR_MESSAGE } from './api-error';
import { implement } from './implement';
import { createHandlers } from './route-handlers';
import { securityMiddleware } from './security';
import type { ServerEnv } from './server-env';
import { consoleLogger, type ServerServices } from './services';
import { TurnRegistry } from './turn-registry';
import { webUiHandler } from './web-ui';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_REQUEST_TIMEOUT_MS = 5 * 60 * 1000;

export interface AppOptions {
  /** server.host: the address the server is bound to. */
  host: string;
  /** The port; a function when it is known only after listening (port 0). */
  port: number | (() => number);
  /**
   * The local token ($HAROMBE_HOME/local-token, see local-token.ts): every route beyond the seed's needs it (or
   * server.auth_token), even from loopback. The CLI reads it; the desktop window and the web UI's sign-in link carry it.
   */
  localToken: string;
  /** The built renderer (out/renderer) to serve at /; no web UI when absent. */
  rendererRoot?: string;
  maxBodyBytes?: number;
  /** Deadline of non-streaming requests. */
  requestTimeoutMs?: number;
  sseKeepAliveMs?: number;
  allowedHosts?: readonly string[];
  allowedOrigins?: readonly string[];
  /** The running turns (HarombeServer shares its own, to cancel them when stopping). */
  turns?: TurnRegistry;
}

/** First path segments that belong to the API (never the web UI's client-side routes). */
const API_SEGMENTS = new Set([...Object.values(apiContract).map((endpoint) => endpoint.path.split('/')[1]!), 'cluster', 'api']);

export function isApiPath(path: string): boolean {
  return API_SEGMENTS.has(path.split('/')[1] ?? '');
}

const ENDPOINT_PATTERNS = Object.values(apiContract).map((endpoint) => ({
  method: endpoint.method,
  pattern: new RegExp(`^${endpoint.path.replace(/:[A-Za-z_]+/g, '[^/]+')}/?$`),
}));

function allowedMethods(path: string): string[] {
  return ENDPOINT_PATTERNS.filter(({ pattern }) => pattern.test(path)).map(({ method }) => method);
}

/** 405 with Allow when the path exists under another method, else 404. */
function notFound(c: Context<ServerEnv>): Response {
  const allowed = allowedMethods(c.req.path);
  if (allowed.length > 0) {
    return errorResponse(
      c,
      new ApiError(405, 'method_not_allowed', `${c.req.path} does not answer ${c.req.method}`, {
        hint: `Use ${allowed.join(' or ')}.`,
        headers: { Allow: allowed.join(', ') },
      }),
    );
  }
  return errorResponse(c, new ApiError(404, 'not_found', `There is no endpoint ${c.req.method} ${c.req.path}`, { hint: 'docs/api.md lists the endpoints.' }));
}

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function createApp(services: ServerServices, options: AppOptions): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  const logger = services.logger ?? consoleLogger;
  const turns = options.turns ?? new TurnRegistry();
  const port = typeof options.port === 'function' ? options.port : () => options.port as number;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { rendererRoot } = options;

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      // An unexpected error turned into an answer: its details are for the log, never the caller.
      if (error.code === 'internal' && error.cause !== undefined) logger.error(`${c.req.method} ${c.req.path} failed: ${stackOf(error.cause)}`);
      return errorResponse(c, error);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return errorResponse(c, new ApiError(error.status as ContentfulStatusCode, 'http_error', error.message || 'The request failed'));
    }
    // The error's own text (`Maximum call stack size exceeded`, ERR_INVALID_ARG_VALUE) goes to the log only.
    logger.error(`${c.req.method} ${c.req.path} failed: ${stackOf(error)}`);
    return errorResponse(
      c,
      new ApiError(500, 'internal', `${UNEXPECTED_ERROR_MESSAGE} answering ${c.req.method} ${c.req.path}`, {
        hint: 'The server log has the details; please report it.',
      }),
    );
  });

  app.notFound(notFound);

  app.use('*', async (c, next) => {
    // Set before as well as after: the /v1 relay writes a streamed answer itself, with the headers set so far.
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
  });

  app.use(
    '*',
    securityMiddleware({
      host: options.host,
      port,
      authToken: () => services.config.get().server.auth_token,
      localToken: options.localToken,
      ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
      ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
      isPublicPath: (method, path) => rendererRoot !== undefined && (method === 'GET' || method === 'HEAD') && !isApiPath(path),
    }),
  );

  const tooLarge = (c: Context<ServerEnv>) =>
    errorResponse(
      c,
      new ApiError(413, 'payload_too_large', `The request body is larger than ${formatBytes(maxBodyBytes)}`, {
        hint: 'Send less at once: a conversation keeps its earlier messages, so send only the new one.',
      }),
    );
  const countingLimit = bodyLimit({ maxSize: maxBodyBytes, onError: tooLarge });
  app.use('*', (c, next) => {
    // What bodyLimit decides from the headers, decided without touching c.req.raw.body: that makes @hono/node-server
    // wrap the request body in a web stream, and reading it then costs a few hundred µs more per request.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length || '0', 10) > maxBodyBytes ? Promise.resolve(tooLarge(c)) : next();
    }
    // A chunked body: counted as it is read.
    return countingLimit(c, next);
  });

  implement(app, apiContract, createHandlers({ services, turns }), {
    deadlineMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    ...(options.sseKeepAliveMs ? { keepAliveMs: options.sseKeepAliveMs } : {}),
    failureEvent: (error) => {
      logger.error(`a stream broke off: ${stackOf(error)}`);
      const { message } = describeFailure(error);
      const said = message === UNEXPECTED_ERROR_MESSAGE ? '' : `: ${message}`;
      return { type: 'error', code: 'internal', message: `The stream stopped unexpectedly${said}`, hint: 'The server log has the details.' };
    },
    onContractViolation: (endpoint, problem) => logger.error(`${endpoint} built a response that breaks the API contract: ${problem}`),
  });

  if (rendererRoot !== undefined) {
    const webUi = webUiHandler(rendererRoot);
    app.get('*', (c) => (isApiPath(c.req.path) ? notFound(c) : webUi(c)));
  }
  return app;
}
