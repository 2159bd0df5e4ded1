// When onboarding takes the chat's place: this node cannot answer because of its own model server.
import type { HealthResponse } from '../../../../../shared/api-schemas';

/** Ollama down or the model missing; a coordinator whose other nodes can answer stays `healthy`, so no onboarding. */
export function needsOnboarding(health: HealthResponse | undefined): boolean {
  if (!health || health.status === 'healthy' || !health.model_server) return false;
  return !health.model_server.reachable || !health.model_server.model_present;
}
