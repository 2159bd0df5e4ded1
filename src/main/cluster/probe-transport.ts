// How health checks reach the nodes: node:http(s) with one keep-alive agent per origin (about half fetch's CPU per check).
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

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

/** Where one URL's checks go, worked out once (parsing a URL on every check costs more than it looks). */
interface ProbeTarget {
  secure: boolean;
  options: { hostname: string; port: string; path: string; agent: HttpAgent };
}

export class HttpProbeTransport implements ProbeTransport {
  private readonly agents = new Map<string, HttpAgent>();
  private readonly targets = new Map<string, ProbeTarget>();

  async get(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<ProbeAnswer> {
    const target = this.targetFor(url);
    try {
      return await this.getOnce(target, headers, signal);
    } catch (error) {
      // A kept-alive socket the node had just closed: the check never reached it, so it is asked again at once.
      const stale = (error as { code?: unknown; reusedSocket?: unknown }).code === 'ECONNRESET' && (error as { reusedSocket?: unknown }).reusedSocket === true;
      if (!stale || signal.aborted) throw error;
      return this.getOnce(target, headers, signal);
    }
  }

  private getOnce({ secure, options }: ProbeTarget, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<ProbeAnswer> {
    return new Promise((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)({ ...options, method: 'GET', headers, signal }, (message: IncomingMessage) => {
        message.setEncoding('utf8');
        let text = '';
        message.on('data', (chunk: string) => (text += chunk));
        message.once('end', () => resolve({ status: message.statusCode ?? 0, text }));
        message.once('error', reject);
      });
      request.once('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
      request.end();
    });
  }

  dispose(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
    this.targets.clear();
  }

  private targetFor(url: string): ProbeTarget {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const secure = parsed.protocol === 'https:';
      target = {
        secure,
        options: {
          // [::1] as a URL writes it; node wants the address itself.
          hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: parsed.port || (secure ? '443' : '80'),
          path: `${parsed.pathname}${parsed.search}`,
          agent: this.agentFor(parsed.origin, secure),
        },
      };
      this.targets.set(url, target);
    }
    return target;
  }

  private agentFor(origin: string, secure: boolean): HttpAgent {
    let agent = this.agents.get(origin);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: SOCKETS_PER_ORIGIN, maxFreeSockets: SOCKETS_PER_ORIGIN, scheduling: 'lifo' as const };
      agent = secure ? new HttpsAgent(options) : new HttpAgent(options);
      this.agents.set(origin, agent);
    }
    return agent;
  }
}
