// Builds the assistant from a config file: the model client, the tools in their workspace, the agent and its stores.
// Shared by `harombe chat` (in-process) and the server's runtime; the only place the engine's pieces meet.
import { join } from 'node:path';
import type { HarombeConfig } from '../shared';
import { ConfirmationBrokerImpl, FileConversationStore, ReactAgent } from './agent';
import type { AuditSink } from './audit';
import type { Cluster, ClusterOptions } from './cluster';
import { nodeAddressProblem } from './cluster/node-address';
import { ConfigError, configPath as resolveConfigPath, formatConfigProblem, harombeHome, loadConfig, prepareConfiguredWorkspace, prepareWorkspace } from './config';
import type { LoadedConfig } from './config';
import { detectHardware, resolveModelName } from './hardware';
import { createOllamaClients, LlmError, supportsTools } from './llm';
import type { LlmClient, OllamaAdmin } from './llm';
import { createBuiltinTools, detectSandbox, ToolRegistry } from './tools';
import { McpServerManager } from './tools/mcp';
import { compileApprovalRules } from './tools/approval-rules';
import type { SandboxStatus, ToolSummary } from './tools';

export interface AssistantOptions {
  configPath?: string;
  /** The config to build from, already read and validated (a change not saved yet); else the file is read. */
  loaded?: LoadedConfig;
  /** $HAROMBE_HOME (default: the HAROMBE_HOME variable, else ~/.harombe): harombe.yaml and the conversations live
   * there unless told otherwise, and sandboxed shell commands never see it. */
  home?: string;
  /** Where the confirmations and the conversation store say what went wrong (default: the console). */
  logger?: AssistantLogger;
  /** Folder the tools act in; else tools.workspace, else `defaultWorkspace`. */
  workspace?: string;
  /** The CLI passes the current directory; the server uses $HAROMBE_HOME/workspace. */
  defaultWorkspace?: string;
  /** Replaces the local Ollama client (the cluster's router does). */
  llm?: LlmClient;
  fetch?: typeof fetch;
  /** How long to wait for Ollama when checking the model's tool support at start-up. */
  probeTimeoutMs?: number;
  /** Kept across a rebuild (a config change): pending confirmations, the conversation folder and the cluster stay. */
  broker?: ConfirmationBrokerImpl;
  store?: FileConversationStore;
  /** Used as it is: the caller applies the new cluster section to it once the change is saved (assistant-change.ts). */
  cluster?: Cluster;
  /** A new cluster's timings (health interval, circuit cool-down, failover pauses); tests shorten them. */
  clusterTuning?: ClusterTuning;
  /** Kept across a rebuild like the cluster: the caller applies the new mcp: section to it once the change is saved. */
  mcp?: McpServerManager;
  /** Where the agent reports each settled dangerous or rule-decided call: the runtime's (or the CLI chat's) audit log. */
  audit?: AuditSink;
  /** How long a confirmation waits for a person before it is denied (default 5 minutes); tests shorten it. */
  confirmationTimeoutMs?: number;
}

export interface AssistantLogger {
  warn(message: string): void;
}

/** Said when dangerous tools run unasked; the server's security warnings say the same for HTTP clients. */
export const CONFIRM_DANGEROUS_OFF = 'tools.confirm_dangerous is false: dangerous tools (shell, file writes, MCP tools) run WITHOUT asking you.';

export type ClusterTuning = Pick<ClusterOptions, 'health' | 'circuit' | 'executor'>;

export interface Assistant {
  config: HarombeConfig;
  configPath: string;
  /** The model name in use (model.name, or the hardware's recommendation for `auto`). */
  model: string;
  llm: LlmClient;
  admin: OllamaAdmin;
  /** With a `cluster:` section this harombe is a coordinator: every model call is routed across the nodes. */
  cluster: Cluster | undefined;
  tools: ToolRegistry;
  /** Read when asked: MCP servers' tools come and go as the servers start and stop. */
  readonly toolSummaries: ToolSummary[];
  /** The MCP servers (mcp: in harombe.yaml), started with the assistant, stopped by dispose(). */
  mcp: McpServerManager;
  sandbox: SandboxStatus;
  workspace: string;
  agent: ReactAgent;
  broker: ConfirmationBrokerImpl;
  store: FileConversationStore;
  /** Things the person should know before starting: config warnings, tools off, dangerous tools unconfirmed. */
  warnings: string[];
  dispose(): Promise<void>;
}

export async function createAssistant(options: AssistantOptions = {}): Promise<Assistant> {
  const home = options.home ?? harombeHome();
  const path = resolveConfigPath(options.configPath, { HAROMBE_HOME: home });
  const loaded = options.loaded ?? (await loadConfig(path));
  const { config } = loaded;
  const warnings = loaded.warnings.map(formatConfigProblem);

  // What can refuse the config goes first, before anything runs that would then have to be stopped.
  const fallbackWorkspace = options.defaultWorkspace ?? join(home, 'workspace');
  const workspace = options.workspace
    ? await prepareWorkspace(options.workspace, fallbackWorkspace)
    : await prepareConfiguredWorkspace(config.tools.workspace, fallbackWorkspace, path);
  checkNodeAddresses(config, path);
  const sandbox = await detectSandbox(config.tools.sandbox, { network: config.tools.sandbox_network });
  const secrets = [config.server.auth_token, ...(config.cluster?.nodes ?? []).map((node) => node.auth_token)].filter(
    (value): value is string => Boolean(value),
  );
  // The home holds the local token, harombe.yaml and the conversations; a config file elsewhere may hold tokens too.
  const hiddenPaths = [home, path];
  // Started last (below), so a config refused on the way leaves no server running.
  const mcp = options.mcp ?? new McpServerManager(config.mcp, { workspace, secrets });
  const tools = new ToolRegistry(createBuiltinTools(config.tools, { secrets, hiddenPaths }), mcp);

  const model = await resolveModelName(config.model.name, () => detectHardware());
  const clients = createOllamaClients(config, { model, ...(options.fetch ? { fetch: options.fetch } : {}) });
  // MCP servers' tools arrive once the servers are up, so a configured one counts before it is ready.
  let toolsEnabled = tools.size > 0 || Object.values(config.mcp).some((server) => server.enabled);
  if (toolsEnabled && !options.llm && !config.cluster) {
    toolsEnabled = await modelSupportsTools(clients.admin, model, options.probeTimeoutMs ?? 3000, warnings);
  }
  if (toolsEnabled && config.tools.shell && sandbox.mode === 'none' && sandbox.warning) warnings.push(sandbox.warning);
  // An MCP server's tools are dangerous unless it marks them read-only, and they arrive after this: a server counts.
  const mcpConfigured = Object.values(config.mcp).some((server) => server.enabled);
  if (!config.tools.confirm_dangerous && (mcpConfigured || tools.list().some((tool) => tool.dangerous))) {
    warnings.push(CONFIRM_DANGEROUS_OFF);
  }

  const approvalRules = await compileApprovalRules(config.tools.approvals);
  warnings.push(...approvalRules.problems);

  const logger = options.logger ? { logger: options.logger } : {};
  const broker = options.broker ?? new ConfirmationBrokerImpl({ ...logger, ...(options.confirmationTimeoutMs ? { timeoutMs: options.confirmationTimeoutMs } : {}) });
  const store = options.store ?? new FileConversationStore({ folder: join(home, 'conversations'), ...logger });
  // Started last: nothing after it can fail and leave its health checks running.
  const cluster = await coordinate(config, model, options);
  mcp.start();
  const llm = options.llm ?? cluster?.client ?? clients.llm;
  const agent = new ReactAgent({
    llm,
    tools,
    store,
    broker,
    workspace,
    hiddenPaths,
    toolsEnabled,
    ...(options.audit ? { audit: options.audit } : {}),
    config: {
      systemPrompt: config.agent.system_prompt,
      maxSteps: config.agent.max_steps,
      temperature: config.model.temperature,
      contextLength: config.model.context_length,
      confirmDangerous: config.tools.confirm_dangerous,
      approvalRules,
      approvalMode: config.tools.approval_mode,
    },
  });

  return {
    config,
    configPath: path,
    model,
    llm,
    admin: clients.admin,
    cluster,
    tools,
    get toolSummaries() {
      return toolsEnabled ? tools.list() : [];
    },
    mcp,
    sandbox,
    workspace,
    agent,
    broker,
    store,
    warnings,
    dispose: async () => {
      broker.dispose();
      await Promise.all([cluster?.dispose(), mcp.dispose()]);
    },
  };
}

/** Every cluster node's address can be reached, or the config is refused naming the node. */
function checkNodeAddresses(config: HarombeConfig, file: string): void {
  const problems = (config.cluster?.nodes ?? []).flatMap((node, index) => {
    const message = nodeAddressProblem(node.host, node.port);
    return message ? [{ file, line: 0, column: 0, keyPath: `cluster.nodes[${index}].host`, message }] : [];
  });
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The cluster for a config with a `cluster:` section (the one kept across a rebuild, as it is), else none. */
async function coordinate(config: HarombeConfig, model: string, options: AssistantOptions): Promise<Cluster | undefined> {
  if (!config.cluster) return undefined;
  if (options.cluster) return options.cluster;
  // Loaded only for a coordinator: a single-machine harombe never pays for the cluster's code and metrics client.
  const { Cluster } = await import('./cluster');
  const cluster = new Cluster({
    config,
    local: { model },
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...options.clusterTuning,
  });
  cluster.start();
  return cluster;
}

/** Asks Ollama whether the model can call tools; when Ollama cannot be asked, assume it can (the turn will say why it fails). */
async function modelSupportsTools(admin: OllamaAdmin, model: string, timeoutMs: number, warnings: string[]): Promise<boolean> {
  try {
    const supported = await supportsTools(admin, model, { signal: AbortSignal.timeout(timeoutMs) });
    if (!supported) warnings.push(`${model} does not support tool calling: running without tools (pick a model such as qwen2.5 for tools).`);
    return supported;
  } catch (error) {
    if (error instanceof LlmError) return true;
    throw error;
  }
}
