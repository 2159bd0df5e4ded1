// Onboarding: what to do while the model cannot answer — start Ollama, pick or download a model — in the chat's place.
export { OnboardingScreen } from './components/onboarding-screen';
export { needsOnboarding } from './model/needs-onboarding';
export { useOnboardingNeeded } from './use-onboarding';
