// Advertises this harombe node as `_harombe._tcp` on the local network, and says goodbye when it stops.
import type { NodeKind } from '../../../shared';
import type { HardwareSummary } from '../tier-suggestion';
import {
  createBonjour,
  type BonjourFactory,
  type BonjourHandle,
  type BrowsedService,
  type MdnsSocketOptions,
  type PublishedService,
} from './bonjour-handle';
import { DiscoveryError } from './discovery-error';
import { quietDiscoveryLogger, type DiscoveryLogger } from './discovery-logger';
import { encodeDiscoveryTxt } from './discovery-txt';
import { localHostName } from './local-host-name';
import { DEFAULT_MDNS_SERVICE, parseMdnsServiceType, type MdnsServiceType } from './mdns-service-type';

export interface MdnsAdvertiserOptions {
  /** The node's name: the DNS-SD instance name and the TXT `name`. */
  name: string;
  /** The port this node's HTTP API listens on. */
  port: number;
  model: string;
  tier: number;
  version: string;
  kind: NodeKind;
  /** A compact summary of this machine for the TXT record (GPU kind, GPU memory, RAM), so a coordinator can suggest a tier. */
  hardware?: HardwareSummary;
  /** The SRV target; default `<hostname>.local`. A bare name gets `.local` added. */
  host?: string;
  /** IPv4 address of the one interface to advertise on (e.g. the address `server.host` binds); default all. */
  interface?: string;
  /** Default "_harombe._tcp.local". */
  serviceType?: string;
  createBonjour?: BonjourFactory;
  /** Socket options for multicast-dns; `interface` above wins over `mdns.interface`. */
  mdns?: MdnsSocketOptions;
  logger?: DiscoveryLogger;
  /** How long start() listens for another node already advertising this name before it publishes; 0 skips it. */
  nameCheckMs?: number;
}

const DEFAULT_NAME_CHECK_MS = 1_000;
// RFC 6763: an instance name is at most 63 bytes; one TXT entry ("key=value") at most 255.
const MAX_INSTANCE_NAME_BYTES = 63;
const MAX_TXT_ENTRY_BYTES = 255;

export class MdnsAdvertiser {
  private readonly options: MdnsAdvertiserOptions;
  private readonly serviceType: MdnsServiceType;
  private readonly logger: DiscoveryLogger;
  private readonly txt: Record<string, string>;
  private readonly host: string;
  private starting: Promise<void> | undefined;
  private stopRequested = false;
  private handle: BonjourHandle | undefined;
  private service: PublishedService | undefined;
  private cancelNameCheck: (() => void) | undefined;
  private socketError: Error | undefined;

  constructor(options: MdnsAdvertiserOptions) {
    this.options = options;
    this.serviceType = parseMdnsServiceType(options.serviceType ?? DEFAULT_MDNS_SERVICE);
    this.logger = options.logger ?? quietDiscoveryLogger;
    this.host = localHostName(options.host);
    this.txt = encodeDiscoveryTxt(options);
    checkAdvertisable(options, this.txt);
  }

  /** The SRV target other machines resolve, e.g. "studio.local". */
  get advertisedHost(): string {
    return this.host;
  }

  /** Resolves once the first announcement is on the wire; rejects when another node already uses this name. */
  start(): Promise<void> {
    this.starting ??= this.advertise();
    return this.starting;
  }

  /** Sends the goodbye so browsers drop this node at once, then closes the socket. Safe to call at any time. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.cancelNameCheck?.();
    await this.starting?.catch(() => {});
    const { service, handle } = this;
    this.service = undefined;
    this.handle = undefined;
    if (service) await new Promise<void>((resolve) => service.stop(resolve));
    if (handle) await new Promise<void>((resolve) => handle.destroy(resolve));
    this.starting = undefined;
    this.stopRequested = false;
  }

  private async advertise(): Promise<void> {
    this.socketError = undefined;
    const handle = (this.options.createBonjour ?? createBonjour)(this.socketOptions(), (error) => {
      this.socketError ??= error;
      this.logger.warn(`mDNS advertising of "${this.options.name}" hit a socket error: ${error.message}`);
    });
    this.handle = handle;
    const rival = await this.findSameNamedNode(handle);
    if (this.stopRequested) return;
    if (rival) {
      await this.closeHandle();
      const where = rival.referer?.address ?? rival.host;
      throw new DiscoveryError(
        `Another machine (${where}) already advertises a harombe node named "${this.options.name}" on this network.`,
        'Give this node a different name, or stop the other one; node names must be unique in a cluster.',
      );
    }
    const service = handle.publish({
      name: this.options.name,
      type: this.serviceType.type,
      protocol: this.serviceType.protocol,
      port: this.options.port,
      host: this.host,
      txt: this.txt,
    });
    this.service = service;
    await new Promise<void>((resolve) => service.onceUp(resolve));
    // Set by the socket's error callback while we waited.
    const error = this.socketError as Error | undefined;
    if (error) {
      await this.closeHandle();
      throw new DiscoveryError(
        `Could not advertise "${this.options.name}" over mDNS: ${error.message}.`,
        'Check that UDP port 5353 can be bound (another program may hold it exclusively), or turn advertising off with server.advertise: false.',
      );
    }
    this.logger.debug(`advertising "${this.options.name}" as ${this.host}:${this.options.port} (${this.serviceType.type}.${this.serviceType.protocol})`);
  }

  private socketOptions(): MdnsSocketOptions {
    const options = { ...this.options.mdns };
    if (this.options.interface !== undefined) options.interface = this.options.interface;
    return options;
  }

  /** Browses briefly for an instance with our name; bonjour-service's own probe is off (see bonjour-handle.ts). */
  private findSameNamedNode(handle: BonjourHandle): Promise<BrowsedService | undefined> {
    const waitMs = this.options.nameCheckMs ?? DEFAULT_NAME_CHECK_MS;
    if (waitMs <= 0) return Promise.resolve(undefined);
    const instanceName = this.options.name.split('.').join('-').toLowerCase();
    return new Promise((resolve) => {
      const browser = handle.find(this.serviceType);
      const finish = (rival: BrowsedService | undefined): void => {
        clearTimeout(timer);
        browser.stop();
        this.cancelNameCheck = undefined;
        resolve(rival);
      };
      const timer = setTimeout(() => finish(undefined), waitMs);
      this.cancelNameCheck = () => finish(undefined);
      browser.on('up', (service) => {
        if (service.name.toLowerCase() === instanceName) finish(service);
      });
    });
  }

  private async closeHandle(): Promise<void> {
    const { handle } = this;
    this.handle = undefined;
    this.service = undefined;
    if (handle) await new Promise<void>((resolve) => handle.destroy(resolve));
  }
}

function checkAdvertisable(options: MdnsAdvertiserOptions, txt: Record<string, string>): void {
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new DiscoveryError(
      `Cannot advertise port ${options.port}: a port is a whole number from 1 to 65535.`,
      'Set server.port to the port the API listens on.',
    );
  }
  if (!Number.isInteger(options.tier) || options.tier < 0 || options.tier > 2) {
    throw new DiscoveryError(
      `Cannot advertise tier ${options.tier}: a tier is 0, 1 or 2.`,
      'Advertise the tier this node serves (0 fast, 1 balanced, 2 powerful).',
    );
  }
  const nameBytes = Buffer.byteLength(options.name.trim(), 'utf8');
  if (nameBytes === 0 || nameBytes > MAX_INSTANCE_NAME_BYTES) {
    throw new DiscoveryError(
      `Cannot advertise the node name "${options.name}": an mDNS instance name has 1 to ${MAX_INSTANCE_NAME_BYTES} bytes.`,
      'Choose a shorter node name.',
    );
  }
  for (const [key, value] of Object.entries(txt)) {
    if (Buffer.byteLength(`${key}=${value}`, 'utf8') > MAX_TXT_ENTRY_BYTES) {
      throw new DiscoveryError(`Cannot advertise ${key} "${value}": one TXT entry holds at most ${MAX_TXT_ENTRY_BYTES} bytes.`, `Shorten the ${key}.`);
    }
  }
}
