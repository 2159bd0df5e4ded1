// The slice of bonjour-service that discovery uses, as small interfaces, and the factory that makes the real one.
import { Bonjour } from 'bonjour-service';

/**
 * Options for the multicast-dns socket underneath (see multicast-dns's README). `interface` is the IPv4 address of the
 * interface to multicast on; with it, discovery binds 0.0.0.0 unless `bind` says otherwise, because on Linux a socket
 * bound to a unicast address never receives multicast.
 */
export interface MdnsSocketOptions {
  interface?: string;
  bind?: string | false;
  multicast?: boolean;
  ttl?: number;
  loopback?: boolean;
  ip?: string;
  port?: number;
}

/** What we publish: a DNS-SD service instance. */
export interface PublishConfig {
  name: string;
  type: string;
  protocol: 'tcp' | 'udp';
  port: number;
  /** The SRV target, e.g. "studio.local". */
  host: string;
  txt: Record<string, string>;
}

export interface PublishedService {
  /** Fires once the first announcement has left the socket. */
  onceUp(listener: () => void): void;
  /** Sends the goodbye (the records with TTL 0), then calls back. */
  stop(callback: () => void): void;
}

/** A service instance as a browser decoded it from a response. */
export interface BrowsedService {
  /** The instance name, e.g. "studio". */
  name: string;
  /** "studio._harombe._tcp.local": what identifies the instance on the network. */
  fqdn: string;
  /** The SRV target, e.g. "studio.local". */
  host: string;
  port: number;
  /** The decoded TXT record, keys to strings (values may be missing for keys without "="). */
  txt?: Record<string, unknown>;
  /** A/AAAA records that came with the answer; empty when the sender put none in (bonjour-service on loopback). */
  addresses?: string[];
  /** Where the response came from: on a link-local protocol, an address we can reach the sender at. */
  referer?: { address: string; family: string };
}

export interface ServiceBrowser {
  on(event: 'up' | 'down', listener: (service: BrowsedService) => void): void;
  on(event: 'txt-update' | 'srv-update', listener: (service: BrowsedService) => void): void;
  stop(): void;
}

export interface BonjourHandle {
  publish(config: PublishConfig): PublishedService;
  /** Starts browsing at once: queries, then reports what answers and what announces itself. */
  find(config: { type: string; protocol: 'tcp' | 'udp' }): ServiceBrowser;
  /** Closes the socket. */
  destroy(callback: () => void): void;
}

/** Makes a handle; `onError` hears socket errors (e.g. the port cannot be bound) instead of the process crashing. */
export type BonjourFactory = (options: MdnsSocketOptions, onError: (error: Error) => void) => BonjourHandle;

interface MulticastDnsEvents {
  on(event: 'error' | 'warning', listener: (error: Error) => void): void;
}

export const createBonjour: BonjourFactory = (options, onError) => {
  const socketOptions = options.interface !== undefined && options.bind === undefined ? { ...options, bind: '0.0.0.0' } : options;
  const bonjour = new Bonjour(socketOptions as ConstructorParameters<typeof Bonjour>[0], onError);
  // bonjour-service never listens for the socket's 'error' event, which would crash the process when 5353 cannot be bound.
  const multicastDns = (bonjour as unknown as { server?: { mdns?: MulticastDnsEvents } }).server?.mdns;
  multicastDns?.on('error', onError);
  multicastDns?.on('warning', () => {}); // e.g. an interface that cannot join the group: multicast-dns carries on.
  return {
    publish(config) {
      // probe: false: bonjour-service's own probe prints a stack trace and sends a goodbye for the other node's name on a
      // conflict; MdnsAdvertiser checks for a same-named node itself before publishing.
      const service = bonjour.publish({ ...config, probe: false, disableIPv6: true });
      return {
        onceUp: (listener) => {
          if (service.published) listener();
          else service.once('up', listener);
        },
        stop: (callback) => {
          (service.stop as (callback: () => void) => void)(callback);
        },
      };
    },
    find(config) {
      return bonjour.find(config) as unknown as ServiceBrowser;
    },
    destroy(callback) {
      bonjour.destroy(callback);
    },
  };
};
