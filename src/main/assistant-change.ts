// A config change to a running assistant: the new one is built beside the old before anything is saved (a config it
// cannot run is refused), then committed — the kept cluster takes the new nodes, a removed cluster stops — or discarded.
import { createAssistant, type Assistant, type AssistantLogger, type ClusterTuning } from './assistant';
import type { AuditSink } from './audit';
import type { LoadedConfig } from './config';

export interface AssistantChange {
  /** The assistant for the new config; the running one is untouched until commit(). */
  readonly assistant: Assistant;
  /** The change was saved: the kept cluster takes the new cluster section, and what the new config dropped stops. */
  commit(): Promise<void>;
  /** The change was not saved: what was built for it stops. */
  discard(): Promise<void>;
}

export interface AssistantChangeOptions {
  /** A cluster the change adds gets the same timings as one started with the runtime. */
  clusterTuning?: ClusterTuning;
  /** $HAROMBE_HOME, as the runtime was given it: its tools keep hiding it. */
  home?: string;
  logger?: AssistantLogger;
  /** The runtime's audit log: the rebuilt agent reports to the same one. */
  audit?: AuditSink;
}

/** Builds the assistant for `next` (validated, not yet saved); throws, with nothing left running, when it cannot be. */
export async function prepareAssistantChange(previous: Assistant, next: LoadedConfig, options: AssistantChangeOptions = {}): Promise<AssistantChange> {
  // The cluster lives on while the config has one (its health, circuits and metrics carry over); removing it stops it.
  const keptCluster = next.config.cluster ? previous.cluster : undefined;
  const assistant = await createAssistant({
    configPath: previous.configPath,
    loaded: next,
    broker: previous.broker,
    store: previous.store,
    mcp: previous.mcp,
    ...(keptCluster ? { cluster: keptCluster } : {}),
    ...(options.clusterTuning ? { clusterTuning: options.clusterTuning } : {}),
    ...(options.home ? { home: options.home } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
  });
  const addedCluster = assistant.cluster === previous.cluster ? undefined : assistant.cluster;
  return {
    assistant,
    commit: async () => {
      keptCluster?.applyConfig(assistant.config);
      // Servers whose own config did not change keep running; the others stop, restart or start.
      await previous.mcp.applyConfig(assistant.config.mcp, assistant.workspace);
      if (previous.cluster && previous.cluster !== assistant.cluster) await previous.cluster.dispose();
    },
    discard: async () => {
      await addedCluster?.dispose();
    },
  };
}
