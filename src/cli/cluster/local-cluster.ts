// The cluster built in-process from the config, for when no harombe server runs: one health round, used, then disposed.
import type { HarombeConfig } from '../../shared';
import { Cluster } from '../../main/cluster';

export interface LocalClusterOptions {
  /** Include the coordinator's own Ollama as node `local`, as a running server does (model.name unless `auto`). */
  includeLocal: boolean;
  /** Run one health check of every node first. */
  checkHealth: boolean;
  /** One health check's limit. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export async function withLocalCluster<T>(config: HarombeConfig, options: LocalClusterOptions, use: (cluster: Cluster) => Promise<T> | T): Promise<T> {
  const cluster = new Cluster({
    config,
    ...(options.includeLocal ? {} : { local: false }),
    // One quick round: a person is waiting, and a node that fails it shows why at once.
    health: { retries: 0, timeoutMs: options.timeoutMs ?? 3_000 },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    if (options.checkHealth) await cluster.health.checkAll();
    return await use(cluster);
  } finally {
    await cluster.dispose();
  }
}
