// One node of the cluster as the services share it: its config, client and circuit, plus the health and load they update.
import type { NodeConfig, NodeHealth, NodeSource, NodeStatus } from '../../shared';
import type { LlmClient } from '../llm';
import type { NodeCircuitBreaker } from './circuit-breaker';

export const UNKNOWN_HEALTH: NodeHealth = Object.freeze({
  status: 'unknown',
  reason: 'not checked yet',
  latency_ms: null,
  last_check: null,
  consecutive_failures: 0,
  model_ok: null,
  served_models: [],
  fix: null,
  recent_latencies_ms: [],
}) as NodeHealth;

/** What the metrics add to a node's status. */
export type NodeRequestStats = Pick<NodeStatus, 'success_rate' | 'tokens_per_second'>;
const NO_REQUESTS: NodeRequestStats = Object.freeze({ success_rate: null, tokens_per_second: null });

/**
 * The router reads these fields on every request for up to thousands of nodes, so they are plain properties kept
 * current by their one writer each: the health monitor (`health`), the executor (`inFlight`), the breaker (its state).
 */
export class ClusterNode {
  readonly name: string;
  readonly tier: number;
  readonly enabled: boolean;
  /** The model, normalized for comparison (`qwen2.5` → `qwen2.5:latest`). */
  readonly modelKey: string;
  health: NodeHealth = UNKNOWN_HEALTH;
  /** Requests running on this node now; change it only through beginRequest(). */
  inFlight = 0;
  /** Drained for maintenance (no new requests; those running finish); change it only through NodeRegistry.setDrain(). */
  drain: boolean;

  constructor(
    readonly config: NodeConfig,
    readonly source: NodeSource,
    /** `http://host:port` */
    readonly origin: string,
    readonly client: LlmClient,
    readonly circuit: NodeCircuitBreaker,
    modelKey: string,
  ) {
    this.name = config.name;
    this.tier = config.tier;
    this.enabled = config.enabled;
    this.drain = config.drain ?? false;
    this.modelKey = modelKey;
  }

  /** Counts a request as running; call the returned function once when it ends (a second call does nothing). */
  beginRequest(): () => void {
    this.inFlight += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
    };
  }

  /** Enabled, not drained, not known to be down, not serving the wrong model, and the circuit lets a request through at `now`. */
  isRoutable(now: number): boolean {
    return (
      this.enabled &&
      !this.drain &&
      this.health.status !== 'unavailable' &&
      this.health.model_ok !== false &&
      this.circuit.allowsRequest(now)
    );
  }

  /** As the API shows it; `requests` adds what the metrics know of its requests (none: null). */
  status(requests: NodeRequestStats = NO_REQUESTS): NodeStatus {
    return {
      name: this.name,
      kind: this.config.kind,
      host: this.config.host,
      port: this.config.port,
      url: this.origin,
      model: this.config.model,
      tier: this.tier,
      enabled: this.enabled,
      source: this.source,
      health: this.health,
      circuit: this.circuit.status(),
      in_flight: this.inFlight,
      drain: this.drain,
      success_rate: requests.success_rate,
      tokens_per_second: requests.tokens_per_second,
    };
  }
}
