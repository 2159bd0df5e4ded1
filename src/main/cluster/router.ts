// Picks the node for a request: the wanted tier's routable nodes, best first (load, latency, round-robin), then fallbacks.
import type { ChatMessage, ClusterConfig, Complexity } from '../../shared';
import { LlmError } from '../llm';
import { classifyComplexity, type ComplexityOptions, type ComplexityResult } from './classify-complexity';
import type { ClusterNode } from './cluster-node';
import { formatClockTime } from '../../shared/format';
import { normalizeModelName } from './node-address';
import type { NodeRegistry } from './node-registry';
import { systemClock } from './timers';

export type RoutingOptions = ClusterConfig['routing'];

export interface RouteRequest {
  messages: readonly ChatMessage[];
  /** Use this tier instead of the one the classifier picks. */
  tier?: number;
  /** Only nodes configured with this model (`auto` or absent: any). */
  model?: string;
}

export interface RouteDecision {
  /** The node to try first. */
  node: string;
  /** That node's tier. */
  tier: number;
  /** The tier asked for (classifier or caller); differs from `tier` after a fallback. */
  wantedTier: number;
  complexity: Complexity;
  /** Why, in one line a person understands. */
  reason: string;
  /** Every node to try, in order: `node` first, then the fallbacks. */
  candidates: readonly string[];
  fallbacks: readonly string[];
  estimatedTokens: number;
  /** The last user message on one line, at most 80 characters: what the decision was about, for a person. */
  excerpt: string;
}

/** No node can take the request; the message names the tier and what is wrong with its nodes. */
export class RoutingError extends LlmError {
  constructor(
    message: string,
    readonly wantedTier: number | undefined,
    hint = 'See `harombe cluster status`; a node comes back once its health check passes or its circuit cools down.',
  ) {
    super('unreachable', message, hint);
    this.name = 'RoutingError';
  }
}

export interface RouterOptions {
  registry: NodeRegistry;
  routing?: Partial<RoutingOptions>;
  /** Default: classifyComplexity with `complexity` options. */
  classify?: (messages: readonly ChatMessage[]) => ComplexityResult;
  complexity?: ComplexityOptions;
  /** Nodes a decision lists (the first plus fallbacks). Default 3. */
  maxCandidates?: number;
  /** Must be the circuit breakers' clock (Date.now); injectable for tests that move it. */
  now?: () => number;
}

/** Nearest tier first; between two equally near, the stronger one. */
const GRACEFUL_ORDER: readonly (readonly number[])[] = [
  [0, 1, 2],
  [1, 2, 0],
  [2, 1, 0],
];
const DESCRIBED_NODES = 5;

export class Router {
  private readonly registry: NodeRegistry;
  private readonly classify: (messages: readonly ChatMessage[]) => ComplexityResult;
  private readonly maxCandidates: number;
  private readonly now: () => number;
  private routing: RoutingOptions;
  /** Where each tier's scan starts; it moves every call so that equal nodes take turns. */
  private readonly roundRobin = [0, 0, 0];

  constructor(options: RouterOptions) {
    this.registry = options.registry;
    this.classify = options.classify ?? ((messages) => classifyComplexity(messages, options.complexity));
    this.maxCandidates = Math.max(1, Math.floor(options.maxCandidates ?? 3));
    this.now = options.now ?? systemClock;
    this.routing = { prefer_local: true, fallback_strategy: 'graceful', load_balance: true, ...options.routing };
  }

  /** Applies changed routing settings (cluster.routing) to the next decisions. */
  setRouting(routing: Partial<RoutingOptions>): void {
    this.routing = { ...this.routing, ...routing };
  }

  /** Decides where a request goes. Throws RoutingError when no node can take it. */
  route(request: RouteRequest): RouteDecision {
    const classification = this.classify(request.messages);
    const forcedTier = request.tier === undefined ? undefined : clampTier(request.tier);
    const wantedTier = forcedTier ?? classification.tier;
    const model = request.model && request.model !== 'auto' ? request.model : undefined;
    const strict = this.routing.fallback_strategy === 'strict';
    const tiers = strict ? [wantedTier] : (GRACEFUL_ORDER[wantedTier] ?? GRACEFUL_ORDER[0]!);
    if (model !== undefined && this.registry.serving(model).length === 0) throw this.noModel(model);
    const modelKey = model === undefined ? undefined : normalizeModelName(model);

    const now = this.now();
    const chosen: ClusterNode[] = [];
    // Drained nodes of the wanted tier: the ones the request would have gone to, so the reason names them.
    const drained: string[] = [];
    for (const tier of tiers) {
      if (chosen.length >= this.maxCandidates) break;
      this.pickFromTier(tier, modelKey, now, chosen, tier === wantedTier ? drained : undefined);
    }
    const first = chosen[0];
    if (!first) throw this.nothingRoutable(wantedTier, strict, modelKey, model, now);

    let reason = forcedTier === undefined ? classification.reason : `tier ${forcedTier} requested (${classification.reason})`;
    if (model !== undefined) reason = `model ${model} requested; ${reason}`;
    if (first.tier !== wantedTier) {
      reason += `; no routable node in tier ${wantedTier} (${this.describeTier(wantedTier, modelKey, now)}), fell back to tier ${first.tier}`;
    }
    if (drained.length > 0) reason += `; skipped ${describeDrained(drained)}`;
    const candidates = chosen.map((node) => node.name);
    return {
      node: first.name,
      tier: first.tier,
      wantedTier,
      complexity: classification.complexity,
      reason,
      candidates,
      fallbacks: candidates.slice(1),
      estimatedTokens: classification.estimatedTokens,
      excerpt: messageExcerpt(request.messages),
    };
  }

  /**
   * Adds the tier's best routable nodes to `chosen` (kept sorted, at most maxCandidates), in one pass without
   * sorting the tier: for a handful of slots, insertion beats a sort of thousands.
   */
  private pickFromTier(tier: number, modelKey: string | undefined, now: number, chosen: ClusterNode[], drained?: string[]): void {
    const nodes = this.registry.inTier(tier);
    const count = nodes.length;
    if (count === 0) return;
    const start = this.roundRobin[tier]! % count;
    this.roundRobin[tier] = (start + 1) % count;
    const tierStart = chosen.length;
    const limit = this.maxCandidates;
    const { load_balance: loadBalance, prefer_local: preferLocal } = this.routing;
    for (let offset = 0; offset < count; offset += 1) {
      let index = start + offset;
      if (index >= count) index -= count;
      const node = nodes[index]!;
      if (modelKey !== undefined && node.modelKey !== modelKey) continue;
      if (!node.isRoutable(now)) {
        if (node.drain) drained?.push(node.name);
        continue;
      }
      // Most nodes lose to the current worst pick: one comparison and on to the next.
      if (chosen.length >= limit && compareNodes(node, chosen[limit - 1]!, loadBalance, preferLocal) >= 0) continue;
      // Its place among this tier's picks; equal nodes keep scan order, which the moving start rotates.
      let position = chosen.length;
      while (position > tierStart && compareNodes(node, chosen[position - 1]!, loadBalance, preferLocal) < 0) position -= 1;
      chosen.splice(position, 0, node);
      if (chosen.length > limit) chosen.pop();
    }
  }

  private noModel(model: string): RoutingError {
    const served = [...new Set(this.registry.list().map((node) => node.config.model))];
    return new RoutingError(
      `no node in the cluster serves model ${model}${served.length ? ` (nodes serve: ${served.slice(0, 8).join(', ')})` : ''}`,
      undefined,
      'Ask for one of those models, or "auto" to let the cluster choose.',
    );
  }

  private nothingRoutable(
    wantedTier: number,
    strict: boolean,
    modelKey: string | undefined,
    model: string | undefined,
    now: number,
  ): RoutingError {
    if (this.registry.size === 0) {
      return new RoutingError(
        'the cluster has no nodes',
        wantedTier,
        'Add nodes under cluster.nodes in harombe.yaml, or with `harombe cluster add`.',
      );
    }
    const subject = model === undefined ? 'node' : `node serving ${model}`;
    if (strict) {
      return new RoutingError(
        `no healthy ${subject} in tier ${wantedTier} (${this.describeTier(wantedTier, modelKey, now)}); fallback_strategy is strict`,
        wantedTier,
        'Bring a node of that tier back, or set cluster.routing.fallback_strategy to graceful to use other tiers.',
      );
    }
    const nodes = model === undefined ? this.registry.list() : this.registry.serving(model);
    return new RoutingError(`no healthy ${subject} in any tier (${this.describeNodes(nodes, now)})`, wantedTier);
  }

  private describeTier(tier: number, modelKey: string | undefined, now: number): string {
    const nodes = this.registry.inTier(tier).filter((node) => modelKey === undefined || node.modelKey === modelKey);
    return nodes.length === 0 ? `tier ${tier} has no nodes` : this.describeNodes(nodes, now);
  }

  private describeNodes(nodes: readonly ClusterNode[], now: number): string {
    const described = nodes.slice(0, DESCRIBED_NODES).map((node) => `${node.name}: ${whyNotRoutable(node, now)}`);
    if (nodes.length > DESCRIBED_NODES) described.push(`and ${nodes.length - DESCRIBED_NODES} more`);
    return described.join('; ');
  }
}

/** `unavailable, circuit open until 14:02:10` */
export function whyNotRoutable(node: ClusterNode, now: number): string {
  const problems: string[] = [];
  if (!node.enabled) problems.push('disabled');
  if (node.drain) problems.push('drained');
  if (node.health.status === 'unavailable') problems.push('unavailable');
  if (node.health.model_ok === false) problems.push(`does not serve ${node.config.model}`);
  if (!node.circuit.allowsRequest(now)) {
    const until = node.circuit.openUntil;
    if (node.circuit.state === 'isolated') problems.push('circuit held open');
    else if (until !== undefined && until > now) problems.push(`circuit open until ${formatClockTime(until)}`);
    else problems.push('circuit half-open, probe running');
  }
  return problems.length ? problems.join(', ') : 'busy';
}

/** Negative when `a` should be tried before `b`: healthy before degraded, then fewer in flight, then lower latency. */
function compareNodes(a: ClusterNode, b: ClusterNode, loadBalance: boolean, preferLocal: boolean): number {
  const degradedA = a.health.status === 'degraded';
  if (degradedA !== (b.health.status === 'degraded')) return degradedA ? 1 : -1;
  if (loadBalance && a.inFlight !== b.inFlight) return a.inFlight - b.inFlight;
  if (preferLocal) {
    const latencyA = a.health.latency_ms ?? Number.POSITIVE_INFINITY;
    const latencyB = b.health.latency_ms ?? Number.POSITIVE_INFINITY;
    if (latencyA !== latencyB) return latencyA < latencyB ? -1 : 1;
  }
  return 0;
}

/** `drained node gpu` / `drained nodes gpu, big` / `drained nodes a, b, c and 4 more` */
function describeDrained(names: readonly string[]): string {
  if (names.length === 1) return `drained node ${names[0]}`;
  const shown = names.slice(0, DESCRIBED_NODES).join(', ');
  return `drained nodes ${shown}${names.length > DESCRIBED_NODES ? ` and ${names.length - DESCRIBED_NODES} more` : ''}`;
}

const EXCERPT_LENGTH = 80;

/** The last user message (else the last message) on one line, cut at 80 characters with `…`. */
export function messageExcerpt(messages: readonly ChatMessage[]): string {
  let message: ChatMessage | undefined;
  for (let index = messages.length - 1; index >= 0 && !message; index -= 1) if (messages[index]!.role === 'user') message = messages[index];
  message ??= messages.at(-1);
  // Only the start is read: a long pasted document costs no more than its first lines.
  const text = (message?.content ?? '').slice(0, EXCERPT_LENGTH * 4).replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : text;
}

function clampTier(tier: number): number {
  return Math.min(2, Math.max(0, Math.round(tier)));
}
