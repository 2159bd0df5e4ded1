// Whether `harombe start` should advertise itself over mDNS, given the server config, and on which interface.
import { isIPv4 } from 'node:net';

export type AdvertisingDecision =
  | { advertise: true; /** IPv4 address of the interface to advertise on; absent means every interface. */ interface?: string }
  | { advertise: false; /** Why not, in words for a start-up log line. */ reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '::1', '[::1]']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

/** Advertising a node no other machine can reach would only put a dead entry in every coordinator's list. */
export function decideAdvertising(server: { host: string; advertise?: boolean }): AdvertisingDecision {
  if (server.advertise === false) return { advertise: false, reason: 'server.advertise is false' };
  const host = server.host.trim().toLowerCase();
  if (LOOPBACK_HOSTS.has(host) || host.startsWith('127.')) {
    return {
      advertise: false,
      reason: `the API listens on ${server.host} only, which no other machine can reach (set server.host: 0.0.0.0 to join a cluster)`,
    };
  }
  if (WILDCARD_HOSTS.has(host)) return { advertise: true };
  return isIPv4(host) ? { advertise: true, interface: host } : { advertise: true };
}
