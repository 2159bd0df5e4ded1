// What the runtime hands its HTTP server (ServerServices), built once per start and read through to the assistant in use.
import { hostname } from 'node:os';
import type { AgentEvent, HarombeConfig } from '../shared';
import type { TurnInput, TurnRunner } from './agent';
import type { Assistant } from './assistant';
import { LOCAL_NODE_NAME } from './cluster/node-address';
import { hideSecretsIn, secretValues } from './config';
import { detectHardware, recommendModel } from './hardware';
import { clusterServices, LocalOllamaResolver } from './server';
import type { AuditSource, ConfigService, ModelAdmin, ModelServerHealthSource, ServerLogger, ServerServices } from './server';

export interface RuntimeServicesOptions {
  /** The assistant in use, read per request: a config change rebuilds it (the broker, store and cluster are kept). */
  assistant: () => Assistant;
  /** A config change (PUT /config, a saved cluster node), applied one at a time by the runtime. */
  updateConfig: (next: HarombeConfig) => Promise<void>;
  /** Reads harombe.yaml again and applies it (POST /config/reload). */
  reloadConfig: () => Promise<void>;
  modelServer?: ModelServerHealthSource;
  logger: ServerLogger;
  /** GET /audit reads it (the runtime's AuditLog). */
  audit?: AuditSource;
}

export function createRuntimeServices({ assistant, updateConfig, reloadConfig, modelServer, logger, audit }: RuntimeServicesOptions): ServerServices {
  const turns: TurnRunner = {
    runTurn: (input: TurnInput): AsyncIterable<AgentEvent> => assistant().agent.runTurn(input),
  };
  const config: ConfigService = {
    get: () => assistant().config,
    update: updateConfig,
    reload: reloadConfig,
    path: assistant().configPath,
  };
  const models: ModelAdmin = {
    listModels: (signal) => assistant().admin.listModels(signal ? { signal } : {}),
    pull: (name, signal) => assistant().admin.pull(name, signal ? { signal } : {}),
  };
  const upstream = new LocalOllamaResolver({
    ollamaHost: () => assistant().config.ollama.host,
    activeModel: () => assistant().model,
    nodeName: LOCAL_NODE_NAME,
    // The same silence limit as the agent's calls to this Ollama: ollama.timeout.
    firstByteTimeoutMs: () => assistant().config.ollama.timeout * 1000,
  });
  // One service per cluster: a config change keeps the cluster (and so its service) or replaces it.
  const clusterOf = clusterServices(upstream);
  return {
    config,
    turns,
    confirmations: assistant().broker,
    conversations: assistant().store,
    tools: { list: () => assistant().toolSummaries },
    models,
    upstream,
    activeModel: () => assistant().model,
    // The machine's name is this node's name in a cluster; its own model server is `local`, as a coordinator calls it.
    node: { name: hostname(), tier: assistant().config.server.tier ?? 0 },
    sandbox: () => assistant().sandbox,
    // A server may echo its own key on stderr; the secrets in the config never leave in its status.
    mcpServers: () => hideSecretsIn(assistant().mcp.statuses(), secretValues(assistant().config)),
    ...(modelServer ? { modelServer } : {}),
    ...(audit ? { audit } : {}),
    hardware: {
      report: async () => {
        const profile = await detectHardware();
        return { profile, recommendation: recommendModel(profile) };
      },
    },
    cluster: () => clusterOf(assistant().cluster),
    logger,
  };
}
