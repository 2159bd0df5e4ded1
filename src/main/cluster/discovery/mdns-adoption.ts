// Which harombe nodes found over mDNS join the cluster: added when found, replaced when announced anew, removed when lost.
import type { NodeSource } from '../../../shared';
import type { Cluster } from '../cluster';
import type { NodeConfigInput } from '../node-registry';
import type { DiscoveredNode } from './discovery-txt';

/** What adoption needs from the cluster's nodes; `MdnsAdoption.forCluster` wires a `Cluster`, tests fake it. */
export interface AdoptableNodes {
  /** Where the node of that name came from, or undefined when there is none. */
  sourceOf(name: string): NodeSource | undefined;
  /** Adds or replaces a node found over mDNS (a fresh health and circuit), then checks it at once. */
  adopt(node: NodeConfigInput, announced?: Pick<DiscoveredNode, 'hardware' | 'modelBytes'>): void;
  remove(name: string): void;
}

/** This node's own announcement, which its own browser hears too. */
export interface SelfAddress {
  name: string;
  port: number;
}

export type AdoptionOutcome = 'adopted' | 'self' | 'configured';

export class MdnsAdoption {
  constructor(
    private readonly nodes: AdoptableNodes,
    private readonly self: SelfAddress,
  ) {}

  static forCluster(cluster: Cluster, self: SelfAddress): MdnsAdoption {
    return new MdnsAdoption(
      {
        sourceOf: (name) => cluster.registry.get(name)?.source,
        adopt: (node, announced) => {
          cluster.registry.add(node, { source: 'mdns', replace: true });
          cluster.noteHardware(node.name, announced);
          void cluster.health.checkNow(node.name).catch(() => undefined);
        },
        remove: (name) => {
          cluster.noteHardware(name, undefined);
          void cluster.registry.remove(name);
        },
      },
      self,
    );
  }

  /**
   * A node announced itself. Its own announcement is not a node; a node the person named (config, runtime, local)
   * wins over an announcement of the same name; an mDNS node announced again (a new address or model) is replaced.
   */
  found(node: DiscoveredNode): AdoptionOutcome {
    if (node.name === this.self.name && node.port === this.self.port) return 'self';
    const source = this.nodes.sourceOf(node.name);
    if (source !== undefined && source !== 'mdns') return 'configured';
    this.nodes.adopt(
      { name: node.name, host: node.host, port: node.port, model: node.model, tier: node.tier, kind: node.kind },
      { ...(node.hardware ? { hardware: node.hardware } : {}), ...(node.modelBytes !== undefined ? { modelBytes: node.modelBytes } : {}) },
    );
    return 'adopted';
  }

  /** A node's announcement went away: only a node mDNS added is removed; one the person named stays. */
  lost(name: string): boolean {
    if (this.nodes.sourceOf(name) !== 'mdns') return false;
    this.nodes.remove(name);
    return true;
  }
}
