// Whether the chat can answer: onboarding takes its place while this node's model server is down or lacks the model.
import { useHealth } from './api/onboarding-queries';
import { needsOnboarding } from './model/needs-onboarding';

export function useOnboardingNeeded(): boolean {
  return needsOnboarding(useHealth().data);
}
