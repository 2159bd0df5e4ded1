// Where a node answers (its origin URL), the coordinator's own `local` node, and model names compared the way Ollama does.
import type { HarombeConfig, NodeConfig } from '../../shared';

/** `http://192.168.1.100:8000`; a host written with a scheme keeps it, an IPv6 literal gets its brackets. */
export function nodeOrigin(host: string, port: number): string {
  const trimmed = host.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    const url = new URL(trimmed);
    url.port = String(port);
    return url.origin;
  }
  const bare = trimmed.replace(/^\[|\]$/g, '');
  return bare.includes(':') ? `http://[${bare}]:${port}` : `http://${bare}:${port}`;
}

/** Why a node's host and port make no address to send requests to (`http://` alone, a space in a URL), or undefined. */
export function nodeAddressProblem(host: string, port: number): string | undefined {
  try {
    nodeOrigin(host, port);
    return undefined;
  } catch (error) {
    return `"${host}" is not an address harombe can reach (${error instanceof Error ? error.message : String(error)}); write a host name or IP address, optionally with http:// or https://`;
  }
}

/** The name of the coordinator's own model node. */
export const LOCAL_NODE_NAME = 'local';

export interface LocalNodeOptions {
  /** The model the local Ollama serves (model.name, or what `auto` resolved to). */
  model: string;
  /** Default 0: the coordinator's own model is the fast, nearby one. */
  tier?: number;
}

/** The coordinator's own Ollama (ollama.host) as a cluster node, and the exact origin to reach it at. */
export function localNodeConfig(
  config: Pick<HarombeConfig, 'ollama'>,
  options: LocalNodeOptions,
): { node: NodeConfig; origin: string } {
  const url = new URL(config.ollama.host);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const tier = Math.min(2, Math.max(0, Math.round(options.tier ?? 0)));
  return {
    node: { name: LOCAL_NODE_NAME, host: url.hostname, port, model: options.model, tier, enabled: true, kind: 'ollama' },
    origin: url.origin,
  };
}

/** `qwen2.5` and `qwen2.5:latest` are the same model to Ollama; names compare without case. */
export function normalizeModelName(name: string): string {
  const trimmed = name.trim().toLowerCase();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`;
}

export function sameModel(left: string, right: string): boolean {
  return normalizeModelName(left) === normalizeModelName(right);
}
