// Who answers at an address: a harombe (its /health), something else, or nothing. `harombe start`/`status`/`stop`,
// the cluster commands and a host (the desktop app, before it starts its own server) all ask this one question.
import { healthResponseSchema, type HealthResponse } from '../../shared';

export type PortCheck =
  | { state: 'harombe'; health: HealthResponse }
  /** Something answers, but it is not harombe: `detail` says what it answered, `server` its Server header. */
  | { state: 'other'; detail: string; server?: string }
  | { state: 'nothing' };

export interface PortCheckOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The URL a client uses for a server bound to `host:port`: a wildcard address (0.0.0.0, ::) is reached on loopback. */
export function clientUrl(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  const reachable = bare === '0.0.0.0' || bare === '' ? '127.0.0.1' : bare === '::' ? '::1' : bare;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Asks `baseUrl` for GET /health: only an answer shaped like harombe's is a harombe. */
export async function checkPort(baseUrl: string, options: PortCheckOptions = {}): Promise<PortCheck> {
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImplementation(new URL('/health', baseUrl), { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(options.timeoutMs ?? 1500) });
  } catch {
    return { state: 'nothing' };
  }
  const server = response.headers.get('server');
  const other = (detail: string): PortCheck => ({ state: 'other', detail, ...(server ? { server } : {}) });
  const body: unknown = await response.json().catch(() => undefined);
  if (body === undefined) return other(`HTTP ${response.status}, not JSON`);
  const health = healthResponseSchema.safeParse(body);
  return health.success ? { state: 'harombe', health: health.data } : other(`HTTP ${response.status}`);
}
