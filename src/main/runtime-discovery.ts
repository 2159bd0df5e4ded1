// The runtime's mDNS: announces this node while its server listens, and browses for the others while a cluster asks.
import { hostname } from 'node:os';
import type { Assistant } from './assistant';
import type { Cluster } from './cluster';
import type { DiscoveryLogger, MdnsAdvertiser, MdnsBrowser } from './cluster/discovery';
import { decideAdvertising } from './cluster/discovery/advertising-decision';
import type { ServerLogger } from './server';
import type { HardwareSummary } from './cluster/tier-suggestion';

export interface RuntimeDiscoveryOptions {
  /** Read at each step: a config change rebuilds the assistant. */
  assistant: () => Assistant;
  logger: ServerLogger;
  /** Structured warnings (the runtime's onDidWarn); each is logged by the runtime too. */
  warn: (code: 'mdns_announce' | 'mdns_browse', message: string) => void;
  /** This machine's hardware for the announcement; default: detected (src/main/hardware). */
  hardware?: () => Promise<HardwareSummary | undefined>;
}

export class RuntimeDiscovery {
  private advertiser: MdnsAdvertiser | undefined;
  /** mDNS browsing for the cluster in use, for as long as its config asks for it. */
  private browsing: { browser: MdnsBrowser; cluster: Cluster; service: string } | undefined;
  private listeningPort: number | undefined;

  /** Socket trouble goes to the runtime's logger; the per-announcement debug lines are left out. */
  private readonly mdnsLogger: DiscoveryLogger;

  constructor(private readonly options: RuntimeDiscoveryOptions) {
    this.mdnsLogger = { debug: () => {}, warn: (message) => options.logger.warn(message) };
  }

  /** Announces this node on the local network, and (a coordinator with discovery.method mdns) finds the others. */
  async start(host: string, port: number): Promise<void> {
    this.listeningPort = port;
    const assistant = this.options.assistant();
    const config = assistant.config;
    const decision = decideAdvertising({ host, ...(config.server.advertise === undefined ? {} : { advertise: config.server.advertise }) });
    if (decision.advertise) {
      // The mDNS code loads only when this node announces itself or browses for others.
      const { MdnsAdvertiser } = await import('./cluster/discovery');
      // The machine in the TXT record (GPU kind and memory, RAM), so coordinators can suggest this node's tier.
      const hardware = await this.hardwareSummary();
      const advertiser = new MdnsAdvertiser({
        name: hostname(),
        port,
        model: assistant.model,
        tier: config.server.tier ?? 0,
        version: __HAROMBE_VERSION__,
        kind: 'harombe',
        ...(hardware ? { hardware } : {}),
        logger: this.mdnsLogger,
        ...(decision.interface ? { interface: decision.interface } : {}),
      });
      try {
        await advertiser.start();
        this.advertiser = advertiser;
        this.options.logger.info(`Announced on the local network as ${hostname()} (_harombe._tcp, port ${port}).`);
      } catch (error) {
        const hint = (error as { hint?: unknown }).hint;
        this.options.warn('mdns_announce', `Could not announce this node over mDNS: ${messageOf(error)}${typeof hint === 'string' ? ` ${hint}` : ''}`);
      }
    } else {
      // Said once, so a worker that never shows up in a coordinator's list explains itself.
      this.options.logger.info(`Not announced on the local network: ${decision.reason}.`);
    }
    await this.sync();
  }

  private async hardwareSummary(): Promise<HardwareSummary | undefined> {
    if (this.options.hardware) return this.options.hardware().catch(() => undefined);
    const [{ detectHardware }, { summarizeHardware }] = await Promise.all([import('./hardware'), import('./cluster/tier-suggestion')]);
    return detectHardware().then(summarizeHardware, () => undefined);
  }

  /**
   * Browses for harombe nodes over mDNS while the config asks for it (a cluster with discovery.method mdns), feeding the
   * cluster in use: a config change that removes the cluster or switches mDNS off stops the browser, one that adds it starts it.
   */
  async sync(): Promise<void> {
    const { cluster, config } = this.options.assistant();
    const discovery = config.cluster?.discovery;
    const service = cluster && discovery?.method === 'mdns' ? discovery.mdns_service : undefined;
    if (this.browsing && (this.browsing.cluster !== cluster || this.browsing.service !== service)) {
      const { browser } = this.browsing;
      this.browsing = undefined;
      await browser.stop().catch(() => undefined);
    }
    const port = this.listeningPort;
    if (!cluster || service === undefined || port === undefined || this.browsing) return;
    const { MdnsAdoption, MdnsBrowser } = await import('./cluster/discovery');
    const adoption = MdnsAdoption.forCluster(cluster, { name: hostname(), port });
    const browser = new MdnsBrowser({ serviceType: service, logger: this.mdnsLogger });
    browser.onDidFind((node) => void adoption.found(node));
    browser.onDidLose((name) => void adoption.lost(name));
    try {
      await browser.start();
      this.browsing = { browser, cluster, service };
    } catch (error) {
      this.options.warn('mdns_browse', `Could not browse for harombe nodes over mDNS: ${messageOf(error)}`);
    }
  }

  /** Withdraws the announcement and stops browsing; start() may follow again. */
  async stop(): Promise<void> {
    const { advertiser, browsing } = this;
    this.advertiser = this.browsing = this.listeningPort = undefined;
    await advertiser?.stop().catch(() => undefined);
    await browsing?.browser.stop().catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
