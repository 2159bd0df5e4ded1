// Whether the chat can answer: onboarding takes its place while this node's model server is down or lacks the model.
import { useHealth } from './api/onboarding-queries';
import { needsOnboarding } from './model/needs-onboarding';

/** `undefined` until /health first answers (or fails: then the chat, which says why), so neither screen flashes. */
export function useOnboardingNeeded(): boolean | undefined {
  const health = useHealth();
  if (health.isPending) return undefined;
  return needsOnboarding(health.data);
}
