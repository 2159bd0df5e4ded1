// How health checks reach the nodes: the one HTTP client (src/main/net, node:http with keep-alive and its stale-socket
// retry) over a keep-alive agent per origin that the monitor closes when it stops.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { sendKeepAliveRequest } from '../net/keep-alive-request';

/** One GET's answer: its status and whole body. */
export interface ProbeAnswer {
  status: number;
  text: string;
}

export interface ProbeTransport {
  /** GETs `url`; rejects when no answer arrives (refused, reset, aborted by `signal`). */
  get(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<ProbeAnswer>;
  /** Closes every connection it keeps open. */
  dispose(): void;
}

/** Sockets kept per origin: checks of one node never overlap, several nodes behind one address share these. */
const SOCKETS_PER_ORIGIN = 4;

export class HttpProbeTransport implements ProbeTransport {
  private readonly agents = new Map<string, HttpAgent>();
  /** Each node's check URL parsed once (parsing one on every check costs more than it looks). */
  private readonly urls = new Map<string, URL>();

  async get(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<ProbeAnswer> {
    let parsed = this.urls.get(url);
    if (!parsed) this.urls.set(url, (parsed = new URL(url)));
    const { message } = await sendKeepAliveRequest(parsed, { method: 'GET', headers: { ...headers }, signal, agent: this.agentFor(parsed) });
    return new Promise((resolve, reject) => {
      message.setEncoding('utf8');
      let text = '';
      message.on('data', (chunk: string) => (text += chunk));
      message.once('end', () => resolve({ status: message.statusCode ?? 0, text }));
      message.once('error', reject);
    });
  }

  dispose(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    this.urls.clear();
  }

  private agentFor(url: URL): HttpAgent {
    let agent = this.agents.get(url.origin);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: SOCKETS_PER_ORIGIN, maxFreeSockets: SOCKETS_PER_ORIGIN, scheduling: 'lifo' as const };
      agent = url.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
      this.agents.set(url.origin, agent);
    }
    return agent;
  }
}

/**
 * A transport over a fetch function: for a caller that must see each answer as it passes (`harombe cluster test`
 * records the status) and for tests that script the nodes' answers. The checks read the same either way.
 */
export function fetchProbeTransport(fetchImplementation: typeof fetch): ProbeTransport {
  return {
    async get(url, headers, signal) {
      const response = await fetchImplementation(url, { headers, signal });
      return { status: response.status, text: await response.text() };
    },
    dispose: () => undefined,
  };
}
