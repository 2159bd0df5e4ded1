// The cluster's nodes: from harombe.yaml, added at run time or by mDNS; indexed by tier and model for the router.
import type { z } from 'zod';
import type { NodeSource } from '../../shared';
import { nodeConfigSchema } from '../../shared';
import { NodeCircuitBreaker, type CircuitBreakerOptions, type CircuitChange } from './circuit-breaker';
import { ClusterNode } from './cluster-node';
import { Emitter, type Disposable } from '../base';
import { nodeAddressProblem, nodeOrigin, normalizeModelName } from './node-address';
import { createNodeClientFactory, type NodeClientFactory } from './node-client-factory';

export type NodeRegistryChange =
  | { type: 'added'; node: ClusterNode }
  | { type: 'removed'; node: ClusterNode }
  /** Replaced by add(..., { replace: true }): a new node object (fresh health and circuit) under the same name. */
  | { type: 'replaced'; node: ClusterNode; previous: ClusterNode };

/** A node drained (no new requests) or put back. */
export interface NodeDrainChange {
  node: ClusterNode;
  drain: boolean;
}

export interface AddNodeOptions {
  source: NodeSource;
  /** Swap out a node of the same name instead of refusing. */
  replace?: boolean;
  /** Reach the node here instead of http://host:port (the local node keeps ollama.host's scheme). */
  origin?: string;
}

export interface NodeRegistryOptions {
  /** Makes each node's LlmClient; default: an OpenAI-compatible client at the node's /v1. */
  clientFactory?: NodeClientFactory;
  circuit?: CircuitBreakerOptions;
}

/** A node that cannot be added or found, said so a person can fix it. */
export class NodeRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NodeRegistryError';
  }
}

/** A node as written in YAML or sent by the API: kind, port and enabled may be left to their defaults. */
export type NodeConfigInput = z.input<typeof nodeConfigSchema>;

const EMPTY: readonly ClusterNode[] = Object.freeze([]);

export class NodeRegistry {
  private readonly nodes = new Map<string, ClusterNode>();
  private readonly circuitSubscriptions = new Map<ClusterNode, Disposable>();
  private tiers: ClusterNode[][] = [[], [], []];
  private models = new Map<string, ClusterNode[]>();
  private readonly changes = new Emitter<NodeRegistryChange>();
  private readonly circuitChanges = new Emitter<CircuitChange>();
  private readonly drainChanges = new Emitter<NodeDrainChange>();
  private readonly clientFactory: NodeClientFactory;

  constructor(private readonly options: NodeRegistryOptions = {}) {
    this.clientFactory = options.clientFactory ?? createNodeClientFactory();
  }

  /** Nodes added, removed or replaced. */
  readonly onDidChange = this.changes.event;
  /** Any node's circuit changed state. */
  readonly onDidChangeCircuit = this.circuitChanges.event;
  /** A node was drained or put back (setDrain). */
  readonly onDidChangeDrain = this.drainChanges.event;

  /** Adds a node (validated against the config schema, so runtime and mDNS nodes meet the same rules as YAML ones). */
  add(input: NodeConfigInput, options: AddNodeOptions): ClusterNode {
    const node = this.build(input, options);
    const previous = this.nodes.get(node.name);
    if (previous) this.detach(previous);
    this.nodes.set(node.name, node);
    this.circuitSubscriptions.set(
      node,
      node.circuit.onDidChangeState((change) => this.circuitChanges.fire(change)),
    );
    this.reindex();
    this.changes.fire(previous ? { type: 'replaced', node, previous } : { type: 'added', node });
    return node;
  }

  /**
   * A node as add() would make it, validated the same way, but not added: to test a definition before adding it.
   * Dispose of its circuit (`node.circuit.dispose()`) when done.
   */
  preview(input: NodeConfigInput): ClusterNode {
    return this.build(input, { source: 'runtime', replace: true });
  }

  /** Drains a node (no new requests; those running finish) or puts it back; false when there is none by that name. */
  setDrain(name: string, drain: boolean): boolean {
    const node = this.nodes.get(name);
    if (!node) return false;
    if (node.drain === drain) return true;
    node.drain = drain;
    this.drainChanges.fire({ node, drain });
    return true;
  }

  private build(input: NodeConfigInput, options: AddNodeOptions): ClusterNode {
    const parsed = nodeConfigSchema.safeParse(input);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'node'}: ${issue.message}`);
      throw new NodeRegistryError(`Cannot add node "${input.name}": ${problems.join('; ')}.`);
    }
    const config = parsed.data;
    const previous = this.nodes.get(config.name);
    if (previous && !options.replace) {
      throw new NodeRegistryError(
        `A node named "${config.name}" already exists (from ${previous.source}); remove it first or pick another name.`,
      );
    }
    const addressProblem = options.origin ? undefined : nodeAddressProblem(config.host, config.port);
    if (addressProblem) throw new NodeRegistryError(`Cannot add node "${config.name}": ${addressProblem}.`);
    const origin = options.origin ?? nodeOrigin(config.host, config.port);
    const circuit = new NodeCircuitBreaker(config.name, this.options.circuit);
    return new ClusterNode(config, options.source, origin, this.clientFactory({ config, origin }), circuit, normalizeModelName(config.model));
  }

  /** Removes a node; false when there is none by that name. */
  remove(name: string): boolean {
    const node = this.nodes.get(name);
    if (!node) return false;
    this.nodes.delete(name);
    this.detach(node);
    this.reindex();
    this.changes.fire({ type: 'removed', node });
    return true;
  }

  get(name: string): ClusterNode | undefined {
    return this.nodes.get(name);
  }

  has(name: string): boolean {
    return this.nodes.has(name);
  }

  /** Every node, in the order added. */
  list(): ClusterNode[] {
    return [...this.nodes.values()];
  }

  get size(): number {
    return this.nodes.size;
  }

  /** The nodes of one tier (0–2), enabled or not; a shared array the caller must not change. */
  inTier(tier: number): readonly ClusterNode[] {
    return this.tiers[tier] ?? EMPTY;
  }

  /** The nodes configured to serve `model` (`qwen2.5` matches `qwen2.5:latest`). */
  serving(model: string): readonly ClusterNode[] {
    return this.models.get(normalizeModelName(model)) ?? EMPTY;
  }

  dispose(): void {
    for (const node of this.nodes.values()) this.detach(node);
    this.nodes.clear();
    this.reindex();
    this.changes.dispose();
    this.circuitChanges.dispose();
    this.drainChanges.dispose();
  }

  private detach(node: ClusterNode): void {
    this.circuitSubscriptions.get(node)?.dispose();
    this.circuitSubscriptions.delete(node);
    node.circuit.dispose();
  }

  /** Rebuilt on every change (rare) so that routing (frequent) never filters the whole list. */
  private reindex(): void {
    const tiers: ClusterNode[][] = [[], [], []];
    const models = new Map<string, ClusterNode[]>();
    for (const node of this.nodes.values()) {
      tiers[node.tier]?.push(node);
      const serving = models.get(node.modelKey);
      if (serving) serving.push(node);
      else models.set(node.modelKey, [node]);
    }
    this.tiers = tiers;
    this.models = models;
  }
}
