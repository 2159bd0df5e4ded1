// What the desktop app does when the configured port is taken: start there, ask to attach to the harombe already
// there, or start on a free loopback port and say why. Plain Node, so the choice is unit-tested without Electron.
import { createServer } from 'node:net';
import type { PortCheck } from '../server/port-check';

export type PortDecision =
  /** Nothing answers: start on the configured address. */
  | { action: 'start' }
  /** A harombe answers: ask whether to use it or start a second one on a free loopback port. */
  | { action: 'ask-attach'; version: string }
  /** Something else holds the port: start on a free loopback port and tell the user what is there. */
  | { action: 'start-elsewhere'; reason: string };

export function decidePort(check: PortCheck, address: string): PortDecision {
  if (check.state === 'nothing') return { action: 'start' };
  if (check.state === 'harombe') return { action: 'ask-attach', version: check.health.version };
  const what = check.server ? `${check.server} (${check.detail})` : check.detail;
  return { action: 'start-elsewhere', reason: `${address} is taken by another program, not harombe (it answered ${what}); harombe started on a free loopback port instead. Change server.port in harombe.yaml to keep one address.` };
}

/** A port nothing listens on right now, on 127.0.0.1 (the OS picks it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
