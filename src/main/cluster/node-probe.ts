// One health check of a node, in its own kind's terms: is it up, and does it serve the model the config says it does.
import type { NodeConfig } from '../../shared';
import { classifyFailure } from '../llm';
import { sameModel } from './node-address';
import type { ProbeTransport } from './probe-transport';

export interface ProbeTarget {
  config: NodeConfig;
  origin: string;
}

export interface ProbeResult {
  /** What the node says it serves (harombe: its one model; Ollama: its pulled models; OpenAI: /v1/models ids). */
  servedModels: string[];
  modelOk: boolean;
  /** A harombe node that answers but says it cannot serve (its /health is `degraded`): why, in its words. */
  cannotAnswer?: string;
}

/** A failed check, in words a person can act on. */
export class ProbeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProbeError';
  }
}

/** The address each kind answers health checks on. */
export function probeUrl(target: ProbeTarget): string {
  switch (target.config.kind) {
    case 'harombe':
      return `${target.origin}/health`;
    case 'ollama':
      return `${target.origin}/api/tags`;
    case 'openai':
      return `${target.origin}/v1/models`;
  }
}

const KIND_LABEL = { harombe: 'a harombe server', ollama: 'Ollama', openai: 'an OpenAI-compatible server' } as const;

/**
 * Checks a node once over `transport` (HttpProbeTransport, the monitor's; fetchProbeTransport to see each answer).
 * Throws ProbeError when it cannot be reached or answers wrongly; aborts with `signal`.
 */
export async function probeNode(target: ProbeTarget, transport: ProbeTransport, signal: AbortSignal): Promise<ProbeResult> {
  const url = probeUrl(target);
  const headers: Record<string, string> = { accept: 'application/json' };
  // harombe's /health is open to all; the others may sit behind a key.
  if (target.config.auth_token && target.config.kind !== 'harombe') {
    headers.authorization = `Bearer ${target.config.auth_token}`;
  }
  const body = await getBody(target, url, headers, transport, signal);
  const servedModels = readModels(target.config.kind, body);
  if (servedModels === undefined) {
    throw new ProbeError(`${url} did not answer like ${KIND_LABEL[target.config.kind]}; check the node's kind and port.`);
  }
  const cannotAnswer = target.config.kind === 'harombe' ? degradedReason(body) : undefined;
  return { servedModels, modelOk: servesModel(servedModels, target.config.model), ...(cannotAnswer ? { cannotAnswer } : {}) };
}

/** Why a harombe node's /health says `degraded`: its model server is down, or lacks the model (`model_server` says). */
function degradedReason(body: unknown): string | undefined {
  if (!isRecord(body) || body.status !== 'degraded') return undefined;
  const server = isRecord(body.model_server) ? body.model_server : {};
  const said = [server.error, server.hint].filter((text): text is string => typeof text === 'string' && text.length > 0).map((text) => tidy(text).replace(/\.$/, ''));
  const what = server.reachable === false ? 'its model server is down' : server.model_present === false ? 'its model server lacks its model' : 'it says it cannot answer';
  return said.length > 0 ? `${what}: ${said.join(' — ')}` : what;
}

/** Whether a node that says it serves `servedModels` serves `model` (tags and `:latest` as Ollama means them). */
export function servesModel(servedModels: readonly string[], model: string): boolean {
  return servedModels.some((served) => sameModel(served, model));
}

/**
 * Nodes with the same key are asked the same question (one URL, the same credentials), so one probe answers for all:
 * several models behind one Ollama cost one check per interval, not one each.
 */
export function probeKey(target: ProbeTarget): string {
  const credential = target.config.kind !== 'harombe' ? (target.config.auth_token ?? '') : '';
  return credential ? `${probeUrl(target)} ${credential}` : probeUrl(target);
}

const notJson = (target: ProbeTarget, url: string, error: unknown) =>
  new ProbeError(`${url} did not answer like ${KIND_LABEL[target.config.kind]} (not JSON); check the node's kind and port.`, { cause: error });

const tidy = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 200);

async function getBody(target: ProbeTarget, url: string, headers: Record<string, string>, transport: ProbeTransport, signal: AbortSignal): Promise<unknown> {
  let answer;
  try {
    answer = await transport.get(url, headers, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ProbeError(transportProblem(url, error), { cause: error });
  }
  if (answer.status < 200 || answer.status > 299) throw new ProbeError(httpProblem(url, answer.status, tidy(answer.text)));
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (error) {
    throw notJson(target, url, error);
  }
}

function readModels(kind: NodeConfig['kind'], body: unknown): string[] | undefined {
  if (!isRecord(body)) return undefined;
  switch (kind) {
    case 'harombe':
      return typeof body.model === 'string' ? [body.model] : undefined;
    case 'ollama':
      return Array.isArray(body.models) ? names(body.models, ['name', 'model']) : undefined;
    case 'openai':
      return Array.isArray(body.data) ? names(body.data, ['id']) : undefined;
  }
}

function names(entries: unknown[], keys: string[]): string[] {
  const found = new Set<string>();
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    for (const key of keys) {
      const value = entry[key];
      if (typeof value === 'string' && value) found.add(value);
    }
  }
  return [...found];
}

function httpProblem(url: string, status: number, detail: string): string {
  const said = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403) return `${url} refused the health check (${status})${said}; check the node's auth_token.`;
  if (status === 404) return `${url} answered 404${said}; check the node's kind (harombe, ollama or openai) and port.`;
  return `${url} answered ${status}${said}.`;
}

function transportProblem(url: string, error: unknown): string {
  const failure = classifyFailure(error);
  switch (failure.kind) {
    case 'refused':
      return `Cannot reach ${url} (${failure.detail}); check that the node is running and its host and port.`;
    case 'dropped':
      return `${url} closed the connection before answering (${failure.detail}).`;
    case 'timeout':
      return `No answer from ${url} in time.`;
    default:
      return `The health check of ${url} failed: ${'detail' in failure ? failure.detail : failure.kind}.`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
