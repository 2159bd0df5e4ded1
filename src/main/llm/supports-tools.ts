// Whether a model can call tools, so the agent runs it without tools rather than have Ollama refuse the request.
import type { ModelDetails } from './ollama-admin';

/** What supportsTools needs from an OllamaAdmin (a fake in tests). */
export interface ModelInspector {
  show(name: string, options?: { signal?: AbortSignal }): Promise<ModelDetails>;
}

/**
 * True when Ollama lists the `tools` capability for the model. Failures (Ollama down, model not pulled) are thrown
 * as LlmErrors: the chat would fail the same way, and the person should hear why.
 */
export async function supportsTools(admin: ModelInspector, model: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
  return (await admin.show(model, options)).supportsTools;
}
