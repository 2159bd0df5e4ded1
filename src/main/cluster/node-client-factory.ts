// Makes the LlmClient for a node: each kind is an OpenAI-compatible /v1 at the node's origin, with its own words for failures.
import type { NodeConfig } from '../../shared';
import type { LlmClient } from '../llm';
import { describeOllamaFailure, describeServerFailure, OpenAICompatibleClient } from '../llm';

export interface NodeClientTarget {
  config: NodeConfig;
  /** `http://host:port`, from nodeOrigin() or the local node's ollama.host. */
  origin: string;
}

export type NodeClientFactory = (target: NodeClientTarget) => LlmClient;

export interface NodeClientOptions {
  fetch?: typeof fetch;
  /** Longest silence allowed from a node (before its answer begins and between chunks). */
  timeoutMs?: number;
  /** Sent when a request sets no temperature (model.temperature). */
  defaultTemperature?: number;
}

/**
 * The header a coordinator puts on requests it relays to another harombe. That node's /v1 should answer from its own
 * model and never route the request back into a cluster (a coordinator listed as its own node would loop).
 */
export const ROUTED_BY_HEADER = 'x-harombe-routed-by';

/** The default factory: harombe, Ollama and OpenAI-compatible nodes all through their `/v1`. */
export function createNodeClientFactory(options: NodeClientOptions = {}): NodeClientFactory {
  return ({ config, origin }) => {
    const shared = {
      baseUrl: `${origin}/v1`,
      endpoint: origin,
      model: config.model,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.defaultTemperature === undefined ? {} : { defaultTemperature: options.defaultTemperature }),
    };
    switch (config.kind) {
      case 'ollama':
        return new OpenAICompatibleClient({
          ...shared,
          // Ollama ignores the key; a token is still sent when set, for an Ollama behind an authenticating proxy.
          apiKey: config.auth_token ?? 'ollama',
          describeFailure: describeOllamaFailure,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        });
      case 'harombe':
        return new OpenAICompatibleClient({
          ...shared,
          ...(config.auth_token ? { apiKey: config.auth_token } : {}),
          describeFailure: describeServerFailure,
          headers: { [ROUTED_BY_HEADER]: 'coordinator' },
          ...(options.fetch ? { fetch: options.fetch } : {}),
        });
      case 'openai':
        return new OpenAICompatibleClient({
          ...shared,
          ...(config.auth_token ? { apiKey: config.auth_token } : {}),
          describeFailure: describeServerFailure,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        });
    }
  };
}
