// Builds the Ollama chat client and admin from harombe.yaml's ollama and model sections.
import type { HarombeConfig } from '../../shared';
import { OllamaAdmin } from './ollama-admin';
import { OllamaClient } from './ollama-client';

export interface OllamaClients {
  /** Chats with the configured model over Ollama's /v1. */
  llm: OllamaClient;
  /** Lists, inspects, pulls and deletes models over Ollama's native /api. */
  admin: OllamaAdmin;
}

export interface CreateOllamaClientsOptions {
  /** The model to chat with; required when model.name is `auto` (resolve it from the hardware first). */
  model?: string;
  fetch?: typeof fetch;
}

export function createOllamaClients(
  config: Pick<HarombeConfig, 'model' | 'ollama'>,
  options: CreateOllamaClientsOptions = {},
): OllamaClients {
  const model = options.model ?? config.model.name;
  if (model === 'auto') {
    throw new Error('model.name is "auto": resolve it to a model for this hardware and pass it as options.model.');
  }
  const timeoutMs = config.ollama.timeout * 1000;
  const shared = { host: config.ollama.host, timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) };
  return {
    llm: new OllamaClient({ ...shared, model, defaultTemperature: config.model.temperature }),
    admin: new OllamaAdmin(shared),
  };
}
