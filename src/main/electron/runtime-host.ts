// Starts the runtime the desktop app hosts: checks who holds the configured port first, then starts there, attaches to
// the harombe already there (if the user says so), or starts on a free loopback port and says why. Never "started"
// unless the server answers. Plain Node (no Electron), so the wiring test and the unit tests drive it directly.
import type { HarombeRuntime, RuntimeStatus } from '../runtime';
import { checkPort, clientUrl, type PortCheck } from '../server/port-check';
import { decidePort, freeLoopbackPort } from './port-decision';

/** What the desktop host needs of a runtime (HarombeRuntime; a stand-in in unit tests). */
export type HostableRuntime = Pick<HarombeRuntime, 'config' | 'localToken' | 'start' | 'dispose'>;

export interface HostedServer<R extends HostableRuntime = HarombeRuntime> {
  /** The runtime this app hosts (started unless `attached`); quit disposes it. */
  runtime: R;
  /** The origin the windows load and call: http://127.0.0.1:<port>. */
  baseUrl: string;
  /** The credential the windows are handed through the preload. */
  token: string;
  /** True when another harombe already served there and the user chose to use it; this app started no server. */
  attached: boolean;
  /** What the tray and the window say about the address (another program held the port), if anything. */
  notice?: string;
  status?: RuntimeStatus;
}

export interface HostOptions<R extends HostableRuntime> {
  /** HarombeRuntime.create, with `port` overriding server.port when the configured one is taken. */
  createRuntime: (port?: number) => Promise<R>;
  /** Asked when a harombe already answers on the port: true = use it, false = start another on a free port. */
  askAttach: (baseUrl: string, version: string) => Promise<boolean>;
  checkPort?: (baseUrl: string) => Promise<PortCheck>;
  freePort?: () => Promise<number>;
}

/** Creates and starts the runtime; a failure leaves nothing running and rejects with the runtime's own error. */
export async function hostRuntime<R extends HostableRuntime>(options: HostOptions<R>): Promise<HostedServer<R>> {
  const first = await options.createRuntime();
  const { host, port } = first.config.server;
  const started = async (runtime: R, notice?: string): Promise<HostedServer<R>> => {
    try {
      const status = await runtime.start();
      // The server's own client URL: loopback for a wildcard bind, else the address it is bound to.
      return { runtime, baseUrl: status.url, token: runtime.localToken, attached: false, status, ...(notice ? { notice } : {}) };
    } catch (error) {
      await runtime.dispose({ graceDeadlineMs: 0 }).catch(() => undefined);
      throw error;
    }
  };
  const elsewhere = async (notice: (port: number) => string): Promise<HostedServer<R>> => {
    await first.dispose({ graceDeadlineMs: 0 });
    const free = await (options.freePort ?? freeLoopbackPort)();
    return started(await options.createRuntime(free), notice(free));
  };
  let check: PortCheck;
  try {
    // Port 0 asks the OS for a free one: nobody can hold it.
    check = port === 0 ? { state: 'nothing' } : await (options.checkPort ?? checkPort)(clientUrl(host, port));
  } catch (error) {
    await first.dispose({ graceDeadlineMs: 0 }).catch(() => undefined);
    throw error;
  }
  const there = clientUrl(host, port);
  const decision = decidePort(check, `${host}:${port}`);
  if (decision.action === 'start') return started(first);
  if (decision.action === 'start-elsewhere') return elsewhere(() => decision.reason);
  if (await options.askAttach(there, decision.version)) return { runtime: first, baseUrl: there, token: first.localToken, attached: true };
  return elsewhere((free) => `Another harombe (${decision.version}) serves ${there}; this one started on 127.0.0.1:${free}.`);
}
