// Asks a harombe node about itself (GET /health: name, model, tier; GET /hardware: the machine) for `cluster add HOST`,
// `cluster init` and `cluster status --explain`; what it would not say is kept as a reason, not an error.
import { ApiClient, ApiRequestError, type HealthResponse } from '../../shared';
import { summarizeHardware, type HardwareSummary } from '../../main/cluster/tier-suggestion';
import { harombeHome } from '../../main/config';
import { isLoopbackHost, readLocalToken } from '../../main/server';

export interface NodeInquiryOptions {
  /** Its server.auth_token (or, on this machine, the local token): /hardware needs it. */
  token?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface NodeAnswer {
  url: string;
  health: HealthResponse;
  hardware?: HardwareSummary;
  /** Why the hardware is unknown (refused without a token, an older harombe, ...). */
  hardwareProblem?: string;
}

/** `gpu.lan`, `gpu.lan:8001`, `[::1]:8000`, `http://gpu.lan:8000`: the base URL, port 8000 unless given. */
export function nodeBaseUrl(target: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`"${target}" is not a host, host:port or URL`);
  }
  if (url.port === '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) url.port = '8000';
  return url;
}

function reason(error: unknown): string {
  if (error instanceof ApiRequestError) return `${error.status} ${error.message}`;
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

/** The node's /health (a failure throws, in words), then its /hardware (a failure is kept as hardwareProblem). */
export async function askNode(target: string | URL, options: NodeInquiryOptions = {}): Promise<NodeAnswer> {
  const url = typeof target === 'string' ? nodeBaseUrl(target) : target;
  const baseUrl = url.origin;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const client = new ApiClient({ baseUrl, ...(options.token ? { token: options.token } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  let health: HealthResponse;
  try {
    health = await client.call('health.get', { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(`${baseUrl}/health did not answer like a harombe server: ${reason(error)}. Is \`harombe start\` running there with server.host: 0.0.0.0?`, { cause: error });
  }
  try {
    const { profile } = await client.call('hardware.get', { signal: AbortSignal.timeout(timeoutMs) });
    return { url: baseUrl, health, hardware: summarizeHardware(profile) };
  } catch (error) {
    const refused = error instanceof ApiRequestError && (error.status === 401 || error.status === 403);
    const hardwareProblem = refused
      ? `${baseUrl}/hardware refused without the node's token (${error.status}): pass --token with its server.auth_token to see its hardware`
      : `${baseUrl}/hardware did not answer: ${reason(error)}`;
    return { url: baseUrl, health, hardwareProblem };
  }
}

/** The token to send a node: the one given (its auth_token), else on this machine the local token. */
export async function nodeToken(url: string, given: string | undefined): Promise<{ token?: string }> {
  if (given) return { token: given };
  if (!isLoopbackHost(new URL(url).hostname)) return {};
  const local = await readLocalToken(harombeHome());
  return local ? { token: local } : {};
}
