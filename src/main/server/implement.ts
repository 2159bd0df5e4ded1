// Routes from the contract: params and JSON bodies validated by its schemas, one typed handler per endpoint (a missing one fails to compile).
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { EndpointDefinition } from '../../shared';
import { ApiError, invalidRequest } from './api-error';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';
import type { ServerEnv } from './server-env';
import { eventStreamResponse, type TypedEvent } from './sse';

type InputOf<Definition> = Definition extends { input: infer Schema extends z.ZodType } ? z.output<Schema> : undefined;
type ParamsOf<Definition> = Definition extends { params: infer Schema extends z.ZodType } ? z.output<Schema> : Record<string, never>;
type QueryOf<Definition> = Definition extends { query: infer Schema extends z.ZodType } ? z.output<Schema> : Record<string, never>;
type OutputOf<Definition> = Definition extends { output: infer Schema extends z.ZodType } ? z.output<Schema> : never;

/** The text form of an endpoint that declares a `textVariant` (Prometheus metrics), sent as is. */
export class TextBody {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}

/** json → the body (or a TextBody where the contract allows one); sse → the events, written as they come; relay → a ready Response. */
export type ResultOf<Definition> = Definition extends { response: 'sse' }
  ? AsyncIterable<OutputOf<Definition>>
  : Definition extends { response: 'relay' }
    ? Response
    : Definition extends { textVariant: string }
      ? OutputOf<Definition> | TextBody
      : OutputOf<Definition>;

export interface RouteRequest<Definition> {
  input: InputOf<Definition>;
  params: ParamsOf<Definition>;
  query: QueryOf<Definition>;
  context: Context<ServerEnv>;
  /** Aborted when the client goes away, or (json endpoints) when the request's deadline passes. */
  signal: AbortSignal;
  /** How long a non-streaming answer may take. */
  deadlineMs: number;
}

export type Handler<Definition> = (request: RouteRequest<Definition>) => ResultOf<Definition> | Promise<ResultOf<Definition>>;
export type Handlers<Contract extends Record<string, EndpointDefinition>> = { [Name in keyof Contract]: Handler<Contract[Name]> };

export interface RouteOptions {
  deadlineMs: number;
  keepAliveMs?: number;
  /** The `error` event that ends a stream whose producer threw. */
  failureEvent: (error: unknown) => TypedEvent;
  /** A response that broke the contract: a bug, logged (the caller gets a plain 500). */
  onContractViolation: (endpoint: string, problem: string) => void;
}

const JSON_MEDIA_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;

async function readJsonBody(c: Context<ServerEnv>, schema: z.ZodType): Promise<unknown> {
  const contentType = c.req.header('content-type');
  // Forms and text/plain are what a foreign web page can send without asking: refuse them outright, and a body
  // that does not say what it is with them.
  if (!contentType || !JSON_MEDIA_TYPE.test(contentType)) {
    const sent = contentType ? `not ${contentType.split(';')[0]}` : 'and this request has no Content-Type';
    throw new ApiError(415, 'unsupported_media_type', `The request body must be JSON, ${sent}`, {
      hint: 'Send the body with the header Content-Type: application/json.',
    });
  }
  const text = await c.req.text();
  // Before parsing: what later walks a deeply nested value (JSON.stringify, validation) would overflow the stack.
  if (exceedsJsonDepth(text)) {
    throw new ApiError(400, 'json_too_deep', `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`, {
      hint: `Send a flatter body: no request harombe takes needs more than ${MAX_JSON_DEPTH} levels.`,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = text.trim() === '' ? 'the body is empty' : error instanceof Error ? error.message : String(error);
    throw new ApiError(400, 'invalid_json', `request body is not valid JSON (${detail})`, {
      hint: 'Send a JSON object, e.g. {"message": "Hello!"}, with Content-Type: application/json.',
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidRequest(parsed.error.issues);
  return parsed.data;
}

function readParams(c: Context<ServerEnv>, schema: z.ZodType | undefined): unknown {
  if (!schema) return {};
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw invalidRequest(parsed.error.issues, 'path');
  return parsed.data;
}

/** Runs `work` with a signal that aborts at the deadline, and answers 504 then even if `work` ignores the signal. */
function readQuery(c: Context<ServerEnv>, schema: z.ZodType | undefined): unknown {
  if (!schema) return {};
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw invalidRequest(parsed.error.issues, 'query');
  return parsed.data;
}

async function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, clientSignal: AbortSignal, deadlineMs: number): Promise<T> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ApiError(504, 'deadline_exceeded', `The request took longer than ${Math.round(deadlineMs / 1000)} s and was stopped`, {
        hint: 'Use the streaming endpoint (POST /chat/stream) for long answers, or try a smaller model.',
      });
      deadline.abort(error);
      reject(error);
    }, deadlineMs);
  });
  try {
    return await Promise.race([work(AbortSignal.any([clientSignal, deadline.signal])), expired]);
  } finally {
    clearTimeout(timer);
  }
}

type ErasedHandler = (request: RouteRequest<unknown>) => unknown;

/** 401 for a route beyond the seed's called without the local token (or server.auth_token). */
function credentialRequired(definition: EndpointDefinition): ApiError {
  return new ApiError(401, 'local_token_required', `${definition.method} ${definition.path} needs harombe's local token`, {
    hint:
      'The harombe CLI and the desktop app send it for you; the web UI signs in with the link `harombe start` prints. ' +
      'Scripts send `Authorization: Bearer <token>` with the token from $HAROMBE_HOME/local-token (~/.harombe/local-token). ' +
      'Only GET /health, POST /chat, POST /chat/stream, GET /metrics and /v1/* answer without it.',
    headers: { 'WWW-Authenticate': 'Bearer' },
  });
}

async function handle(c: Context<ServerEnv>, name: string, definition: EndpointDefinition, handler: ErasedHandler, options: RouteOptions): Promise<Response> {
  // Checked here, on the route itself, so no path spelling can reach a handler past the check.
  if (definition.access !== 'open' && c.get('credentialed') !== true) throw credentialRequired(definition);
  const params = readParams(c, definition.params);
  const query = readQuery(c, definition.query);
  const input = definition.input ? await readJsonBody(c, definition.input) : undefined;
  const request = (signal: AbortSignal): RouteRequest<unknown> =>
    ({ input, params, query, context: c, signal, deadlineMs: options.deadlineMs }) as RouteRequest<unknown>;
  const clientSignal = c.req.raw.signal;

  if (definition.response === 'relay') return (await handler(request(clientSignal))) as Response;

  if (definition.response === 'sse') {
    const clientGone = new AbortController();
    const events = (await handler(request(AbortSignal.any([clientSignal, clientGone.signal])))) as AsyncIterable<TypedEvent>;
    return eventStreamResponse(c, events, {
      onClientGone: () => clientGone.abort(new Error('the client closed the stream')),
      failureEvent: options.failureEvent,
      ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
    });
  }

  const result = await withDeadline(async (signal) => handler(request(signal)), clientSignal, options.deadlineMs);
  if (definition.textVariant !== undefined && result instanceof TextBody) {
    return c.body(result.text, 200, { 'content-type': result.contentType });
  }
  const output = definition.output.safeParse(result);
  if (!output.success) {
    options.onContractViolation(name, output.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    throw new ApiError(500, 'internal', `harombe built an invalid answer for ${definition.method} ${definition.path}`, {
      hint: 'This is a bug in harombe; the server log names the field. Please report it.',
    });
  }
  return c.json(output.data as object, 200);
}

/** Registers one route per contract endpoint on `app`. */
export function implement<Contract extends Record<string, EndpointDefinition>>(
  app: Hono<ServerEnv>,
  contract: Contract,
  handlers: Handlers<Contract>,
  options: RouteOptions,
): void {
  for (const name of Object.keys(contract)) {
    const definition = contract[name]!;
    const handler = handlers[name] as unknown as ErasedHandler;
    app.on(definition.method, definition.path, (c) => handle(c, name, definition, handler, options));
  }
}
