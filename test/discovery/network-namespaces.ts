// Two network namespaces joined by a veth pair, private to one test run, so mDNS tests never multicast onto a real network.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface NamespaceEnd {
  /** `ip netns` name, e.g. "harombe-mdns-3fa9c1-a". */
  namespace: string;
  /** The veth device inside it. */
  device: string;
  /** Its address on the veth link, in 10.253.x.0/24: reachable only from the other end. */
  address: string;
}

export interface NamespacePair {
  a: NamespaceEnd;
  b: NamespaceEnd;
  /** A third namespace with only loopback (multicast on), where bonjour-service announces no addresses at all. */
  loopbackOnly: string;
  /** Kills every process still running in the namespaces (all started by this test), then deletes them. */
  dispose(): void;
}

export type NamespaceSetup = { pair: NamespacePair; skipReason?: undefined } | { pair?: undefined; skipReason: string };

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

/** Creates the namespaces, or says why it cannot (not root, no iproute2, no netns support). */
export function createNamespacePair(): NamespaceSetup {
  const id = randomBytes(3).toString('hex');
  const subnet = `10.253.${randomBytes(1)[0] ?? 1}`;
  const a: NamespaceEnd = { namespace: `harombe-mdns-${id}-a`, device: `hm${id}a`, address: `${subnet}.1` };
  const b: NamespaceEnd = { namespace: `harombe-mdns-${id}-b`, device: `hm${id}b`, address: `${subnet}.2` };
  const loopbackOnly = `harombe-mdns-${id}-lo`;
  const created: string[] = [];
  const dispose = (): void => {
    for (const namespace of created.splice(0)) {
      killEverythingIn(namespace);
      try {
        ip('netns', 'del', namespace);
      } catch {
        // already gone
      }
    }
  };
  try {
    for (const namespace of [a.namespace, b.namespace, loopbackOnly]) {
      ip('netns', 'add', namespace);
      created.push(namespace);
    }
    // Created inside namespace a, so no veth device ever exists in the host's namespace.
    ip('-n', a.namespace, 'link', 'add', a.device, 'type', 'veth', 'peer', 'name', b.device, 'netns', b.namespace);
    for (const end of [a, b]) {
      ip('-n', end.namespace, 'link', 'set', 'lo', 'up');
      ip('-n', end.namespace, 'addr', 'add', `${end.address}/24`, 'dev', end.device);
      ip('-n', end.namespace, 'link', 'set', end.device, 'up');
      ip('-n', end.namespace, 'route', 'add', '224.0.0.0/4', 'dev', end.device);
    }
    ip('-n', loopbackOnly, 'link', 'set', 'lo', 'multicast', 'on');
    ip('-n', loopbackOnly, 'link', 'set', 'lo', 'up');
    ip('-n', loopbackOnly, 'route', 'add', '224.0.0.0/4', 'dev', 'lo');
  } catch (error) {
    dispose();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { skipReason: `cannot create network namespaces (${stderr || (error as Error).message}); run as root with iproute2 to test mDNS` };
  }
  process.once('exit', dispose); // a crashed run still removes them
  return { pair: { a, b, loopbackOnly, dispose } };
}

function killEverythingIn(namespace: string): void {
  let pids: string[];
  try {
    pids = execFileSync('ip', ['netns', 'pids', namespace], { encoding: 'utf8', timeout: 10_000 }).split(/\s+/).filter(Boolean);
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}
