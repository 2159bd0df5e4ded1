// One request on one node as the agent and the /v1 relay both report it: counted in flight, measured, and its one end
// told to the metrics — and to the node's circuit when the node broke off after its answer began.
import type { Usage } from '../../shared';
import type { ClusterMetrics, RequestMeasurement } from './cluster-metrics';
import type { ClusterNode } from './cluster-node';

/**
 * The measurement a surface reports into once the executor hands it a node's answer. Exactly one of succeeded /
 * failed / cancelled ends it (later calls are ignored); the end frees the node's in-flight slot.
 */
export class NodeAttempt implements RequestMeasurement {
  private readonly release: () => void;
  private readonly measurement: RequestMeasurement | undefined;
  /** The answer began: a failure now happens outside the circuit's run, so it is recorded on the circuit here. */
  private answering = false;
  private ended = false;

  /** Begins once the circuit lets the request through: a node it refuses was never asked. */
  constructor(
    private readonly node: ClusterNode,
    metrics: ClusterMetrics | undefined,
  ) {
    this.release = node.beginRequest();
    this.measurement = metrics?.begin(node.name);
  }

  /** Called by the executor when it hands the answer over. */
  answered(): void {
    this.answering = true;
  }

  firstToken(): void {
    this.measurement?.firstToken();
  }

  piece(): void {
    this.measurement?.piece();
  }

  succeeded(usage?: Usage): void {
    if (this.end()) this.measurement?.succeeded(usage);
  }

  /** The node failed: before answering (its circuit's run counted it) or in the middle of the answer (counted here). */
  failed(error: unknown): void {
    if (!this.end()) return;
    this.measurement?.failed(error);
    if (this.answering) this.node.circuit.recordFailure(error);
  }

  /** Neither the node's success nor its failure: the caller stopped, or the failure was harombe's or the request's. */
  cancelled(): void {
    if (this.end()) this.measurement?.cancelled();
  }

  private end(): boolean {
    if (this.ended) return false;
    this.ended = true;
    this.release();
    return true;
  }
}
