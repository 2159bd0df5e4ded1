// One mDNS browse of a few seconds: the harombe nodes that answered, for `harombe cluster init` and POST /cluster/discover.
import type { BonjourFactory } from './bonjour-handle';
import type { DiscoveredNode } from './discovery-txt';
import { MdnsBrowser } from './mdns-browser';

export interface BrowseMdnsOptions {
  /** config.cluster.discovery.mdns_service when there is one; default "_harombe._tcp.local". */
  serviceType?: string;
  seconds: number;
  /** Tests: the network to browse (default: this machine's interfaces). */
  createBonjour?: BonjourFactory;
  /** Tests: what waits out the browse (default: a timer of `seconds`). */
  wait?: (ms: number) => Promise<void>;
}

/** Browses once for `seconds` (no refresh queries), then closes the socket; the nodes present at the end. */
export async function browseMdns(options: BrowseMdnsOptions): Promise<DiscoveredNode[]> {
  const browser = new MdnsBrowser({
    ...(options.serviceType ? { serviceType: options.serviceType } : {}),
    ...(options.createBonjour ? { createBonjour: options.createBonjour } : {}),
    refreshIntervalMs: 0,
  });
  await browser.start();
  try {
    await (options.wait ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(options.seconds * 1000);
    return browser.nodes();
  } finally {
    await browser.stop();
  }
}
