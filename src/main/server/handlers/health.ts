// GET /health: is this node up, and can it answer (its model server reachable, its model there) — for people and coordinators.
import type { HealthResponse, ModelServerHealth } from '../../../shared';
import type { ServerServices } from '../services';

/**
 * `loopback`: the caller is on this machine, and sees the process (pid, uptime) and the model server's address; a
 * remote caller (a coordinator) gets the status and the reason in words.
 */
export async function getHealth(services: ServerServices, loopback: boolean): Promise<HealthResponse> {
  const modelServer = await services.modelServer?.state();
  const report: ModelServerHealth | undefined = modelServer && {
    reachable: modelServer.reachable,
    model_present: modelServer.modelPresent,
    ...(loopback ? { url: modelServer.url } : {}),
    ...(modelServer.ready ? {} : { error: (loopback ? modelServer.detail : modelServer.reason) ?? 'the model server cannot answer' }),
    ...(modelServer.hint && !modelServer.ready ? { hint: modelServer.hint } : {}),
    checked_at: modelServer.checkedAt,
  };
  return {
    status: !modelServer || modelServer.ready || clusterCanAnswer(services) ? 'healthy' : 'degraded',
    model: services.activeModel(),
    version: __HAROMBE_VERSION__,
    node: services.node,
    // For `harombe status`/`stop` on this machine; nobody else needs to know the process (GET /health is open to all).
    ...(loopback ? { uptime_seconds: Math.round(process.uptime()), pid: process.pid } : {}),
    ...(report ? { model_server: report } : {}),
  };
}

/** A coordinator answers through its cluster's other nodes while its own model server is down. */
function clusterCanAnswer(services: ServerServices): boolean {
  return services.cluster?.()?.nodes().some((node) => node.enabled && (node.health.status === 'available' || node.health.status === 'degraded')) ?? false;
}
