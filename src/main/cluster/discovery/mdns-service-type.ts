// Turns the config's `cluster.discovery.mdns_service` ("_harombe._tcp.local") into bonjour-service's { type, protocol }.
import { DiscoveryError } from './discovery-error';

export const DEFAULT_MDNS_SERVICE = '_harombe._tcp.local';

export interface MdnsServiceType {
  /** The bare service name bonjour-service wants: "harombe" for "_harombe._tcp.local". */
  type: string;
  protocol: 'tcp' | 'udp';
}

// RFC 6763 §7: a service name is 1–15 letters, digits and hyphens, starting with an underscore in DNS form.
const SERVICE_TYPE_PATTERN = /^_([a-z0-9](?:[a-z0-9-]{0,13}[a-z0-9])?)\._(tcp|udp)(?:\.local)?\.?$/i;

/** Accepts "_harombe._tcp.local", "_harombe._tcp" (with or without a trailing dot); throws a DiscoveryError otherwise. */
export function parseMdnsServiceType(serviceType: string): MdnsServiceType {
  const match = SERVICE_TYPE_PATTERN.exec(serviceType.trim());
  if (!match?.[1] || !match[2]) {
    throw new DiscoveryError(
      `cluster.discovery.mdns_service "${serviceType}" is not an mDNS service type.`,
      `Write it as _<name>._tcp.local, e.g. "${DEFAULT_MDNS_SERVICE}" (the default; every harombe node advertises that).`,
    );
  }
  return { type: match[1].toLowerCase(), protocol: match[2].toLowerCase() === 'udp' ? 'udp' : 'tcp' };
}
