// Asks an address whether a harombe server answers there (GET /health), with a short timeout.
import { healthResponseSchema, type HealthResponse } from '../../shared';

export type Probe =
  | { state: 'harombe'; health: HealthResponse }
  /** Something answers, but it is not harombe. */
  | { state: 'other'; detail: string }
  | { state: 'nothing' };

export async function probeHealth(baseUrl: string, timeoutMs = 1500): Promise<Probe> {
  let response: Response;
  try {
    response = await fetch(new URL('/health', baseUrl), { signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return { state: 'nothing' };
  }
  try {
    const health = healthResponseSchema.safeParse(await response.json());
    return health.success ? { state: 'harombe', health: health.data } : { state: 'other', detail: `HTTP ${response.status}` };
  } catch {
    return { state: 'other', detail: `HTTP ${response.status}, not JSON` };
  }
}

/** The URL a client uses for a server bound to `host:port` (0.0.0.0 is reached on loopback). */
export function clientUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
