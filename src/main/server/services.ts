// What the HTTP server needs from the rest of main, as small interfaces: runtime.ts wires the real ones, tests fake them.
import type {
  ClusterEvent,
  HarombeConfig,
  HardwareProfile,
  InstalledModel,
  McpServerStatus,
  MetricsResponse,
  ModelRecommendation,
  NodeConfig,
  NodeIdentity,
  NodeStatus,
  NodeTestResult,
  RouteDecisionEvent,
} from '../../shared';
import type { ConfirmationBroker, ConversationStore, TurnRunner } from '../agent/contracts';
import type { AuditQuery, AuditReadResult } from '../audit';
import type { Disposable } from '../base';
import type { PullProgress } from '../llm';
import type { RouteDecision, RouteRequest } from '../cluster';
import type { DiscoveredNode } from '../cluster/discovery';
import type { ToolSummary } from '../tools/tool-registry';
import type { UpstreamResolver } from './openai-compat/upstream-resolver';

/** The config in use, and the one way to change it. */
export interface ConfigService {
  get(): HarombeConfig;
  /**
   * Saves `next` (already validated by the server) and applies what can change without a restart. On failure nothing
   * changed, file or running config; a ConfigError means harombe cannot run this config (a workspace it cannot use).
   */
  update(next: HarombeConfig): Promise<void>;
  /** Reads the file again and applies it as update() would; a ConfigError (the file is wrong) changes nothing. */
  reload(): Promise<void>;
  /** The file the config lives in, shown by GET /config. */
  readonly path?: string;
}

/** The enabled tools; `ToolRegistry` fits. */
export interface ToolCatalog {
  list(): ToolSummary[];
}

/** How the shell tool is confined right now; the tools' `SandboxStatus` fits. */
export interface SandboxReport {
  mode: 'bwrap' | 'none';
  reason: string;
  /** Set when shell commands run unconfined: why, and what to do. */
  warning?: string;
}

/** Whether this node's model server can answer, as its last check found it; `ModelServerWatch` fits. */
export interface ModelServerHealthSource {
  state(): Promise<{ ready: boolean; reachable: boolean; modelPresent: boolean; url: string; detail?: string; reason?: string; hint?: string; checkedAt: string }>;
}

/** One line of a model download's progress, as Ollama reports it (the LLM layer's own type). */
export type { PullProgress } from '../llm';

/** The model backend's administration (Ollama's native /api/tags and /api/pull). Failures are `LlmError`s. */
export interface ModelAdmin {
  listModels(signal?: AbortSignal): Promise<InstalledModel[]>;
  pull(name: string, signal?: AbortSignal): AsyncIterable<PullProgress>;
}

export interface HardwareService {
  report(): Promise<{ profile: HardwareProfile; recommendation: ModelRecommendation }>;
}

/** Request metrics per node; the cluster fills it in. Without one, /metrics shows an empty cluster. */
export interface MetricsProvider {
  snapshot(): MetricsResponse;
  /** Prometheus text exposition (`GET /metrics?format=prometheus`); `ClusterMetrics` has it. */
  toPrometheus?(): Promise<string>;
  readonly prometheusContentType?: string;
}

/** A node just added to the cluster, until the request that added it is done with it. */
export interface AddedNode {
  status(): NodeStatus;
  /** Removes it again, unless something replaced or removed it since (saving it to harombe.yaml failed). */
  undo(): void;
}

/**
 * What the server uses of the cluster this node coordinates: its nodes, a route, its events and metrics, and /v1
 * through it. `clusterService()` (cluster-service.ts) builds one over a `Cluster`, once per cluster.
 */
export interface ClusterService {
  nodes(): NodeStatus[];
  hasNode(name: string): boolean;
  /** Throws a `NodeRegistryError` when the node cannot be added (a duplicate name, an address that is no address). */
  addNode(node: NodeConfig, source: 'config' | 'runtime'): AddedNode;
  removeNode(name: string): boolean;
  /** A routing decision, not run; throws a `RoutingError` when no node can take it. */
  route(request: RouteRequest): RouteDecision;
  /** The last routing decisions served (at most 50), oldest first. */
  recentRoutes(): RouteDecisionEvent[];
  /** Drains a node or puts it back: its status after, or undefined when there is no such node. */
  setDrain(name: string, drain: boolean): NodeStatus | undefined;
  /** The `harombe cluster test` checks of a node definition, not added (throws a `NodeRegistryError` for a bad one). */
  testDefinition(node: NodeConfig, signal?: AbortSignal): Promise<NodeTestResult>;
  /** A health check now plus the test's checks of a node in the cluster, with its status after; undefined: no such node. */
  testExisting(name: string, signal?: AbortSignal): Promise<{ result: NodeTestResult; status: NodeStatus } | undefined>;
  onEvent(listener: (event: ClusterEvent) => void): Disposable;
  readonly metrics: MetricsProvider;
  /** Where /v1 goes through the cluster (requests a coordinator relayed here go to this node's own model). */
  readonly upstream: UpstreamResolver;
}

/** The audit log, read back for GET /audit; `readAuditLog` over the runtime's home fits. */
export interface AuditSource {
  read(query: AuditQuery): Promise<AuditReadResult>;
}

export interface ServerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ServerServices {
  config: ConfigService;
  turns: TurnRunner;
  confirmations: ConfirmationBroker;
  conversations: ConversationStore;
  tools: ToolCatalog;
  models: ModelAdmin;
  /** Where /v1 requests are relayed to. */
  upstream: UpstreamResolver;
  /** The model turns use now: model.name, or the one `auto` resolved to. */
  activeModel(): string;
  /** This node, as /health reports it. */
  node: NodeIdentity;
  sandbox?: () => SandboxReport | undefined;
  /** Every configured MCP server and its status (GET /tools); absent: none. The runtime's `McpServerManager` fits. */
  mcpServers?: () => McpServerStatus[];
  /** GET /audit reads it; absent: 503 (this server keeps no audit log). */
  audit?: AuditSource;
  /** Absent: /health does not report the model server (and says healthy). */
  modelServer?: ModelServerHealthSource;
  hardware?: HardwareService;
  metrics?: MetricsProvider;
  /**
   * The cluster this node coordinates (harombe.yaml has a `cluster:` section), or undefined: /cluster/* manage it, /v1
   * routes through it, /metrics reports it. Called per request: a config change may add or remove the cluster.
   */
  cluster?: () => ClusterService | undefined;
  /** POST /cluster/discover's mDNS browse; absent: browseMdns on this machine's interfaces (tests inject a fake network). */
  discover?: (options: { serviceType: string; seconds: number }) => Promise<DiscoveredNode[]>;
  fetch?: typeof fetch;
  logger?: ServerLogger;
}

export const consoleLogger: ServerLogger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};
