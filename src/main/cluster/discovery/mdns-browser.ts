// Browses the local network for harombe nodes over mDNS: reports each as it appears, and as it leaves or goes quiet.
import { Emitter, type EmitterOptions, type Event } from '../../base';
import { createBonjour, type BonjourFactory, type BonjourHandle, type BrowsedService, type MdnsSocketOptions, type ServiceBrowser } from './bonjour-handle';
import { quietDiscoveryLogger, type DiscoveryLogger } from './discovery-logger';
import { describeTxtProblem, discoveryTxtSchema, hardwareFromTxt, type DiscoveredNode } from './discovery-txt';
import { DEFAULT_MDNS_SERVICE, parseMdnsServiceType, type MdnsServiceType } from './mdns-service-type';

export interface MdnsBrowserOptions {
  /** config.cluster.discovery.mdns_service; default "_harombe._tcp.local". */
  serviceType?: string;
  createBonjour?: BonjourFactory;
  mdns?: MdnsSocketOptions;
  logger?: DiscoveryLogger;
  /** How often to ask the network again, which also finds nodes that vanished without a goodbye; 0 never asks again. */
  refreshIntervalMs?: number;
  /** A node that answers none of this many refreshes in a row is reported lost. */
  missedRefreshesBeforeLost?: number;
}

interface KnownNode {
  node: DiscoveredNode;
  /** Answered since the last refresh. */
  seen: boolean;
  missedRefreshes: number;
}

const DEFAULT_REFRESH_INTERVAL_MS = 30_000;
const DEFAULT_MISSED_REFRESHES_BEFORE_LOST = 2;

export class MdnsBrowser {
  private readonly serviceType: MdnsServiceType;
  private readonly options: MdnsBrowserOptions;
  private readonly logger: DiscoveryLogger;
  private readonly listenerErrors: EmitterOptions = {
    onListenerError: (error) => this.logger.warn(`A discovery listener failed: ${error instanceof Error ? error.message : String(error)}`),
  };
  private readonly found = new Emitter<DiscoveredNode>(this.listenerErrors);
  private readonly lost = new Emitter<string>(this.listenerErrors);
  /** By lower-cased instance FQDN, which identifies a service on the network; the TXT name is what we report. */
  private readonly known = new Map<string, KnownNode>();
  /** "fqdn → problem" already logged, so a malformed neighbour is not logged on every refresh. */
  private readonly reportedProblems = new Map<string, string>();
  private handle: BonjourHandle | undefined;
  private browser: ServiceBrowser | undefined;
  private refreshTimer: ReturnType<typeof setInterval> | undefined;

  /** Throws a DiscoveryError when `serviceType` is not an mDNS service type. */
  constructor(options: MdnsBrowserOptions = {}) {
    this.options = options;
    this.serviceType = parseMdnsServiceType(options.serviceType ?? DEFAULT_MDNS_SERVICE);
    this.logger = options.logger ?? quietDiscoveryLogger;
  }

  /** A node appeared, or its details (address, port, model, tier…) changed. Health-check it before use. */
  readonly onDidFind: Event<DiscoveredNode> = this.found.event;

  /** A node said goodbye, or stopped answering; the name is the one onDidFind reported. */
  readonly onDidLose: Event<string> = this.lost.event;

  /** The nodes present now. */
  nodes(): DiscoveredNode[] {
    return [...this.known.values()].map((entry) => ({ ...entry.node }));
  }

  /** Opens the socket and asks the network who is there; answers arrive as onDidFind events. */
  async start(): Promise<void> {
    if (this.handle) return;
    this.handle = (this.options.createBonjour ?? createBonjour)(this.options.mdns ?? {}, (error) =>
      this.logger.warn(`mDNS browsing for ${this.serviceType.type} nodes hit a socket error: ${error.message}`),
    );
    this.browser = this.openBrowser(this.handle);
    const interval = this.options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
    if (interval > 0) this.refreshTimer = setInterval(() => this.refresh(), interval);
  }

  /** Stops browsing and closes the socket. Known nodes are forgotten without onDidLose events. */
  async stop(): Promise<void> {
    clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
    this.browser?.stop();
    this.browser = undefined;
    this.known.clear();
    this.reportedProblems.clear();
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await new Promise<void>((resolve) => handle.destroy(resolve));
  }

  private openBrowser(handle: BonjourHandle): ServiceBrowser {
    const browser = handle.find(this.serviceType);
    browser.on('up', (service) => this.handleAnnouncement(service));
    browser.on('txt-update', (service) => this.handleAnnouncement(service));
    browser.on('srv-update', (service) => this.handleAnnouncement(service));
    browser.on('down', (service) => this.lose(service.fqdn, 'it said goodbye'));
    return browser;
  }

  /**
   * Counts who answered since the last refresh, then asks again with a fresh bonjour browser: bonjour-service reports
   * a service only once and never expires it, so a new browser is how we hear every node that still answers.
   */
  private refresh(): void {
    const allowedMisses = this.options.missedRefreshesBeforeLost ?? DEFAULT_MISSED_REFRESHES_BEFORE_LOST;
    for (const [key, entry] of [...this.known]) {
      entry.missedRefreshes = entry.seen ? 0 : entry.missedRefreshes + 1;
      entry.seen = false;
      if (entry.missedRefreshes >= allowedMisses) this.lose(key, `it answered none of the last ${entry.missedRefreshes} queries`);
    }
    if (!this.handle) return;
    this.browser?.stop();
    this.browser = this.openBrowser(this.handle);
  }

  private handleAnnouncement(service: BrowsedService): void {
    const key = service.fqdn.toLowerCase();
    const node = this.toNode(service);
    const entry = this.known.get(key);
    if (!node) {
      if (entry) this.lose(key, 'its TXT record is no longer valid');
      return;
    }
    const holder = [...this.known].find(([otherKey, other]) => otherKey !== key && other.node.name === node.name);
    if (holder) {
      this.reportOnce(key, `ignored mDNS announcement ${service.fqdn}: node name "${node.name}" is already advertised by ${holder[0]}`);
      return;
    }
    if (entry) {
      entry.seen = true;
      entry.missedRefreshes = 0;
      if (sameNode(entry.node, node)) return;
      if (entry.node.name !== node.name) this.emitLose(entry.node.name);
      entry.node = node;
    } else {
      this.known.set(key, { node, seen: true, missedRefreshes: 0 });
    }
    this.reportedProblems.delete(key);
    this.logger.debug(`found ${node.kind} node "${node.name}" at ${node.host}:${node.port} (model ${node.model}, tier ${node.tier})`);
    this.found.fire({ ...node });
  }

  private toNode(service: BrowsedService): DiscoveredNode | undefined {
    const txt = discoveryTxtSchema.safeParse(service.txt ?? {});
    if (!txt.success) {
      const from = service.referer?.address ? ` from ${service.referer.address}` : '';
      this.reportOnce(service.fqdn.toLowerCase(), `ignored malformed mDNS announcement ${service.fqdn}${from}: ${describeTxtProblem(txt.error)}`);
      return undefined;
    }
    if (!Number.isInteger(service.port) || service.port < 1 || service.port > 65535) {
      this.reportOnce(service.fqdn.toLowerCase(), `ignored mDNS announcement ${service.fqdn}: port ${service.port} is not a TCP port`);
      return undefined;
    }
    const node: DiscoveredNode = {
      name: txt.data.name,
      host: connectableAddress(service),
      port: service.port,
      model: txt.data.model,
      tier: txt.data.tier,
      kind: txt.data.kind,
      source: 'mdns',
    };
    if (txt.data.version !== undefined) node.version = txt.data.version;
    Object.assign(node, hardwareFromTxt(txt.data));
    return node;
  }

  private lose(key: string, reason: string): void {
    const entry = this.known.get(key.toLowerCase());
    if (!entry) return;
    this.known.delete(key.toLowerCase());
    this.logger.debug(`lost node "${entry.node.name}": ${reason}`);
    this.emitLose(entry.node.name);
  }

  private emitLose(name: string): void {
    this.lost.fire(name);
  }

  private reportOnce(key: string, message: string): void {
    if (this.reportedProblems.get(key) === message) return;
    this.reportedProblems.set(key, message);
    this.logger.debug(message);
  }
}

/**
 * The address to connect to: where the answer came from (mDNS is link-local, so the sender is reachable from here, and
 * bonjour-service on loopback sends no A records at all), else an announced IPv4 address, else the SRV host name.
 */
export function connectableAddress(service: BrowsedService): string {
  const referer = service.referer?.address;
  if (referer && service.referer?.family !== 'IPv6') return referer;
  const addresses = service.addresses ?? [];
  return addresses.find((address) => /^\d{1,3}(\.\d{1,3}){3}$/.test(address)) ?? referer ?? addresses[0] ?? service.host;
}

function sameNode(a: DiscoveredNode, b: DiscoveredNode): boolean {
  return (
    a.name === b.name &&
    a.host === b.host &&
    a.port === b.port &&
    a.model === b.model &&
    a.tier === b.tier &&
    a.kind === b.kind &&
    a.version === b.version
  );
}
