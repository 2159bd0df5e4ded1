// A typed client for harombe's API, derived from the endpoint map: the CLI (--server), the renderer and other
// nodes call endpoints by name, with bodies checked against the same zod schemas the server validates with.
// Isomorphic: only fetch, ReadableStream and TextDecoder, so it runs in Node and in the browser.
import {
  apiContract,
  apiErrorSchema,
  endpointPath,
  type EndpointBody,
  type EndpointName,
  type EndpointOutput,
  type EndpointParams,
  type EndpointQuery,
} from './api-contract';
import { readServerSentEvents } from './server-sent-events';

export interface ApiClientOptions {
  /** `http://127.0.0.1:8000` */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`: the local token ($HAROMBE_HOME/local-token), or a server's server.auth_token. */
  token?: string;
  fetch?: typeof fetch;
}

export interface CallArguments<Name extends EndpointName> {
  params?: EndpointParams<Name>;
  query?: EndpointQuery<Name>;
  input?: EndpointBody<Name>;
  signal?: AbortSignal;
}

/** The server said no: its status, error code, message and (often) what to do about it. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

async function failure(response: Response): Promise<ApiRequestError> {
  const text = await response.text().catch(() => '');
  try {
    const body = apiErrorSchema.parse(JSON.parse(text));
    return new ApiRequestError(response.status, body.error.code, body.error.message, body.error.hint);
  } catch {
    return new ApiRequestError(response.status, `http_${response.status}`, text.trim().slice(0, 300) || `HTTP ${response.status}`);
  }
}

export { readServerSentEvents } from './server-sent-events';

export class ApiClient {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetch = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  private async send<Name extends EndpointName>(name: Name, args: CallArguments<Name>): Promise<Response> {
    const endpoint = apiContract[name];
    const url = new URL(endpointPath(name, (args.params ?? {}) as EndpointParams<Name>), this.options.baseUrl);
    for (const [key, value] of Object.entries(args.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: endpoint.response === 'sse' ? 'text/event-stream' : 'application/json' };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    const init: RequestInit = { method: endpoint.method, headers };
    if ('input' in endpoint && args.input !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(endpoint.input.parse(args.input));
    }
    if (args.signal) init.signal = args.signal;
    const response = await this.fetch(url, init);
    if (!response.ok) throw await failure(response);
    return response;
  }

  /** A JSON endpoint: its response, validated. */
  async call<Name extends EndpointName>(name: Name, args: CallArguments<Name> = {}): Promise<EndpointOutput<Name>> {
    const response = await this.send(name, args);
    return apiContract[name].output.parse(await response.json()) as EndpointOutput<Name>;
  }

  /** An SSE endpoint: each event, validated, as it arrives. Stop iterating (or abort the signal) to hang up. */
  async *stream<Name extends EndpointName>(name: Name, args: CallArguments<Name> = {}): AsyncGenerator<EndpointOutput<Name>, void, undefined> {
    const response = await this.send(name, args);
    if (!response.body) return;
    const schema = apiContract[name].output;
    for await (const data of readServerSentEvents(response.body)) yield schema.parse(data) as EndpointOutput<Name>;
  }
}
