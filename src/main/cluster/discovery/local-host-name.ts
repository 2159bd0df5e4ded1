// The `<hostname>.local` name a node advertises as its SRV target, so avahi, macOS and nss-mdns can resolve it.
import { hostname } from 'node:os';

/**
 * "Studio.example.com" → "studio.local", "box" → "box.local", "box.local" stays. bonjour-service's default SRV target
 * is the bare hostname, which no other mDNS resolver looks up.
 */
export function localHostName(name: string = hostname()): string {
  const trimmed = name.trim().replace(/\.$/, '');
  if (trimmed.toLowerCase().endsWith('.local')) return trimmed;
  const label = (trimmed.split('.')[0] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return `${label || 'harombe'}.local`;
}
