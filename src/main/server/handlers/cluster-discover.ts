// POST /cluster/discover: one short mDNS browse, answered as the harombe servers a person could add (not this node, not
// a node already in the cluster), each with the tier its model and hardware suggest.
import type { ClusterDiscoverRequest, ClusterDiscoverResponse, DiscoveredServer } from '../../../shared';
import { DEFAULT_MDNS_SERVICE, type DiscoveredNode } from '../../cluster/discovery';
import { suggestTiers } from '../../cluster/tier-suggestion';
import { ApiError, describeFailure } from '../api-error';
import type { ServerServices } from '../services';

const DEFAULT_SECONDS = 3;

/** The browse itself: `browseMdns` over this machine's interfaces unless the services inject one (tests). */
async function browse(services: ServerServices, serviceType: string, seconds: number): Promise<DiscoveredNode[]> {
  if (services.discover) return services.discover({ serviceType, seconds });
  const { browseMdns } = await import('../../cluster/discovery');
  return browseMdns({ serviceType, seconds });
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function serverOf(node: DiscoveredNode, suggested: 0 | 1 | 2, suggestion: string): DiscoveredServer {
  return {
    name: node.name,
    url: urlOf(node.host, node.port),
    host: node.host,
    port: node.port,
    kind: node.kind,
    model: node.model,
    ...(node.version ? { version: node.version } : {}),
    ...(node.hardware ? { hardware: { kind: node.hardware.kind, gpu_memory_gb: node.hardware.gpuMemoryGb, ram_gb: node.hardware.ramGb } } : {}),
    tier: node.tier,
    suggested_tier: suggested,
    suggestion,
  };
}

export async function discoverServers(services: ServerServices, input: ClusterDiscoverRequest): Promise<ClusterDiscoverResponse> {
  const seconds = input.seconds ?? DEFAULT_SECONDS;
  // The cluster's own service type when it names one, so a private cluster finds its own nodes only (docs/discovery.md).
  const serviceType = services.config.get().cluster?.discovery.mdns_service ?? DEFAULT_MDNS_SERVICE;
  let found: DiscoveredNode[];
  try {
    found = await browse(services, serviceType, seconds);
  } catch (error) {
    const failure = describeFailure(error);
    throw new ApiError(500, 'discovery_failed', `Could not browse the network for harombe servers: ${failure.message}`, {
      hint: failure.hint ?? 'mDNS needs UDP port 5353 on this machine; add the machine by its address instead (see docs/discovery.md).',
    });
  }
  const inCluster = services.cluster?.()?.nodes() ?? [];
  const takenNames = new Set(inCluster.map((node) => node.name));
  const takenAddresses = new Set(inCluster.map((node) => `${node.host}:${node.port}`));
  const fresh = found.filter(
    (node) => node.name !== services.node.name && !takenNames.has(node.name) && !takenAddresses.has(`${node.host}:${node.port}`),
  );
  const suggestions = suggestTiers(
    fresh.map((node) => ({
      name: node.name,
      model: node.model,
      ...(node.hardware ? { hardware: node.hardware } : {}),
      ...(node.modelBytes !== undefined ? { modelBytes: node.modelBytes } : {}),
    })),
  );
  const servers = fresh.map((node, index) => serverOf(node, suggestions[index]!.suggested, suggestions[index]!.reason));
  servers.sort((a, b) => a.name.localeCompare(b.name));
  return { servers, seconds, service: serviceType };
}
