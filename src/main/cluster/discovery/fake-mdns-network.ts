// An in-memory stand-in for the mDNS network, for unit tests: bonjour handles that publish and browse without sockets.
import { EventEmitter } from 'node:events';
import type { BonjourFactory, BonjourHandle, BrowsedService, MdnsSocketOptions, PublishConfig, PublishedService, ServiceBrowser } from './bonjour-handle';

interface Announced {
  service: BrowsedService;
  /** "_harombe._tcp.local" */
  serviceType: string;
  /** False once it stops answering (a machine that vanished without a goodbye). */
  answering: boolean;
}

/** Lets a test stand in for other machines: announce, update, say goodbye, or vanish. */
export class FakeMdnsNetwork {
  readonly handles: FakeBonjourHandle[] = [];
  private readonly announced = new Map<string, Announced>();
  private readonly browsers = new Set<FakeServiceBrowser>();

  readonly createBonjour: BonjourFactory = (options, onError) => {
    const handle = new FakeBonjourHandle(this, options, onError, `10.0.0.${this.handles.length + 10}`);
    this.handles.push(handle);
    return handle;
  };

  /** Another machine announces (or re-announces with changes) a service; every open browser of its type hears it. */
  announce(service: BrowsedService, serviceType = '_harombe._tcp.local'): void {
    this.announced.set(service.fqdn.toLowerCase(), { service, serviceType, answering: true });
    for (const browser of this.browsers) browser.hear(service, serviceType);
  }

  /** The goodbye packet: TTL 0 for the service's records. */
  goodbye(fqdn: string): void {
    const entry = this.announced.get(fqdn.toLowerCase());
    this.announced.delete(fqdn.toLowerCase());
    if (entry) for (const browser of this.browsers) browser.hearGoodbye(entry.service);
  }

  /** The machine is gone without a word: no goodbye, and no answers to later queries. */
  vanish(fqdn: string): void {
    const entry = this.announced.get(fqdn.toLowerCase());
    if (entry) entry.answering = false;
  }

  openSockets(): number {
    return this.handles.filter((handle) => !handle.destroyed).length;
  }

  openBrowsers(): number {
    return this.browsers.size;
  }

  /** A browser just started: it queries, and every service still answering replies. */
  query(browser: FakeServiceBrowser): void {
    this.browsers.add(browser);
    for (const entry of this.announced.values()) if (entry.answering) browser.hear(entry.service, entry.serviceType);
  }

  closeBrowser(browser: FakeServiceBrowser): void {
    this.browsers.delete(browser);
  }
}

export class FakeBonjourHandle implements BonjourHandle {
  destroyed = false;
  readonly published: PublishConfig[] = [];

  constructor(
    private readonly network: FakeMdnsNetwork,
    readonly options: MdnsSocketOptions,
    readonly onError: (error: Error) => void,
    /** The address this handle's packets come from. */
    readonly address: string,
  ) {}

  publish(config: PublishConfig): PublishedService {
    this.published.push(config);
    const service: BrowsedService = {
      name: config.name,
      fqdn: `${config.name}._${config.type}._${config.protocol}.local`,
      host: config.host,
      port: config.port,
      txt: { ...config.txt },
      addresses: [],
      referer: { address: this.address, family: 'IPv4' },
    };
    const up = new EventEmitter();
    let isUp = false;
    queueMicrotask(() => {
      this.network.announce(service, `_${config.type}._${config.protocol}.local`);
      isUp = true;
      up.emit('up');
    });
    return {
      onceUp: (listener) => (isUp ? listener() : up.once('up', listener)),
      stop: (callback) => {
        this.network.goodbye(service.fqdn);
        queueMicrotask(callback);
      },
    };
  }

  find(config: { type: string; protocol: 'tcp' | 'udp' }): ServiceBrowser {
    return new FakeServiceBrowser(this.network, `_${config.type}._${config.protocol}.local`);
  }

  destroy(callback: () => void): void {
    this.destroyed = true;
    queueMicrotask(callback);
  }
}

/** Behaves like bonjour-service's Browser: 'up' once per instance, updates for changes, 'down' on a goodbye it knows. */
export class FakeServiceBrowser extends EventEmitter implements ServiceBrowser {
  private readonly seen = new Map<string, BrowsedService>();
  private stopped = false;

  constructor(
    private readonly network: FakeMdnsNetwork,
    private readonly serviceType: string,
  ) {
    super();
    // The query goes out at once; answers arrive after the caller has attached its listeners.
    queueMicrotask(() => {
      if (!this.stopped) this.network.query(this);
    });
  }

  hear(service: BrowsedService, serviceType: string): void {
    if (this.stopped || serviceType.toLowerCase() !== this.serviceType.toLowerCase()) return;
    const key = service.fqdn.toLowerCase();
    const before = this.seen.get(key);
    this.seen.set(key, service);
    if (!before) this.emit('up', service);
    else if (JSON.stringify(before.txt) !== JSON.stringify(service.txt)) this.emit('txt-update', service, before);
    else if (before.port !== service.port || before.host !== service.host) this.emit('srv-update', service, before);
  }

  hearGoodbye(service: BrowsedService): void {
    const key = service.fqdn.toLowerCase();
    if (this.stopped || !this.seen.has(key)) return;
    this.seen.delete(key);
    this.emit('down', service);
  }

  stop(): void {
    this.stopped = true;
    this.network.closeBrowser(this);
  }
}
