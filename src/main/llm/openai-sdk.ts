// The openai SDK, loaded on the first model call rather than at start-up: it is ~35 MB resident, and a server that
// has not been asked anything yet (or a CLI command that never talks to a model) should not pay for it.
import type * as OpenAISdk from 'openai';

type OpenAIModule = typeof OpenAISdk;

let loading: Promise<OpenAIModule> | undefined;
let loaded: OpenAIModule | undefined;

export function loadOpenAI(): Promise<OpenAIModule> {
  loading ??= import('openai').then((module) => (loaded = module));
  return loading;
}

/** The SDK once loaded; errors it throws exist only after that, so error checks can rely on it. */
export function loadedOpenAI(): OpenAIModule | undefined {
  return loaded;
}
