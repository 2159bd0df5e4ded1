// Whether Ollama answers at a host and already has a model: shared by `harombe init` and `harombe doctor`.
import { httpFetch } from '../net/http-fetch';
import { describeRequestFailure } from './diagnostic-check';

export type OllamaReadiness =
  | { state: 'not-running'; host: string; detail: string }
  | { state: 'model-missing'; host: string; version: string; detail?: string }
  | { state: 'ready'; host: string; version: string };

export interface OllamaCheckOptions {
  host: string;
  model: string;
  /** Default: the one HTTP client of model calls (src/main/net), over its keep-alive pool. */
  fetch?: typeof globalThis.fetch;
  /** How long each request may take; a local Ollama answers in milliseconds. */
  timeoutMs?: number;
  /** Ends the check early (a server stopping); it then reads as not running. */
  signal?: AbortSignal;
}

export async function checkOllama({ host, model, fetch = httpFetch, timeoutMs = 3000, signal: stop }: OllamaCheckOptions): Promise<OllamaReadiness> {
  const base = host.replace(/\/+$/, '');
  const limit = () => (stop ? AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs));
  let version: string;
  try {
    const response = await fetch(`${base}/api/version`, { signal: limit() });
    if (!response.ok) return { state: 'not-running', host, detail: `${host} answered HTTP ${response.status} to /api/version; is that Ollama?` };
    const body = (await response.json().catch(() => ({}))) as { version?: unknown };
    version = typeof body.version === 'string' ? body.version : 'unknown version';
  } catch (error) {
    return { state: 'not-running', host, detail: describeRequestFailure(error, host, timeoutMs) };
  }
  try {
    const response = await fetch(`${base}/api/tags`, { signal: limit() });
    if (!response.ok) return { state: 'model-missing', host, version, detail: `could not list models (HTTP ${response.status})` };
    const body = (await response.json()) as { models?: { name?: unknown; model?: unknown }[] };
    const wanted = canonicalModelName(model);
    const installed = (body.models ?? []).flatMap((entry) => [entry.name, entry.model]).filter((name): name is string => typeof name === 'string');
    return installed.some((name) => canonicalModelName(name) === wanted) ? { state: 'ready', host, version } : { state: 'model-missing', host, version };
  } catch (error) {
    return { state: 'model-missing', host, version, detail: `could not list models (${describeRequestFailure(error, host, timeoutMs)})` };
  }
}

/** `llama3.2` and `llama3.2:latest` are the same model to Ollama. */
export function canonicalModelName(name: string): string {
  const lower = name.trim().toLowerCase();
  const lastSegment = lower.slice(lower.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? lower : `${lower}:latest`;
}

export function sameModelName(left: string, right: string): boolean {
  return canonicalModelName(left) === canonicalModelName(right);
}
