// Whether each cluster node answers in its own kind's terms: harombe /health, Ollama /api/version, OpenAI /v1/models.
import { healthResponseSchema, type NodeConfig } from '../../shared';
import { nodeOrigin } from '../cluster/node-address';
import { describeRequestFailure, failed, passed, skipped, warned, type DiagnosticCheck } from './diagnostic-check';
import { sameModelName } from './ollama-readiness';
import { harombeHealthSchema } from './server-port-check';

export interface ClusterNodeCheckOptions {
  fetch?: typeof fetch;
  timeoutMs: number;
}

/** What a harombe node says about its model server (`degraded`: it cannot answer). */
const harombeNodeModelServerSchema = healthResponseSchema.pick({ model_server: true });

const PATHS: Record<NodeConfig['kind'], string> = { harombe: '/health', ollama: '/api/version', openai: '/v1/models' };
const LABELS: Record<NodeConfig['kind'], string> = { harombe: 'harombe', ollama: 'Ollama', openai: 'an OpenAI-compatible server' };

export function clusterNodeUrl(node: NodeConfig): string {
  return `${nodeOrigin(node.host, node.port)}${PATHS[node.kind]}`;
}

export async function checkClusterNode(node: NodeConfig, { fetch = globalThis.fetch, timeoutMs }: ClusterNodeCheckOptions): Promise<DiagnosticCheck> {
  const id = `cluster-node:${node.name}`;
  const name = `node ${node.name}`;
  if (!node.enabled) return skipped(id, name, 'disabled (enabled: false)');
  const url = clusterNodeUrl(node);
  const headers: Record<string, string> = { accept: 'application/json' };
  // harombe's /health is open to all; an OpenAI-compatible server (or a proxied Ollama) may want the key.
  if (node.auth_token && node.kind !== 'harombe') headers.authorization = `Bearer ${node.auth_token}`;
  const unreachableFix = `Check that ${node.name} is running and that its host and port (${node.host}:${node.port}) and kind (${node.kind}) are right.`;
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    body = await response.json().catch(() => undefined);
  } catch (error) {
    return failed(id, name, `unreachable: ${describeRequestFailure(error, url, timeoutMs)}`, { fix: unreachableFix });
  }
  if (response.status === 401 || response.status === 403) {
    return failed(id, name, `${url} refused the request (HTTP ${response.status})`, { fix: `Set auth_token for ${node.name} to the key the server expects.` });
  }
  if (!response.ok) return failed(id, name, `${url} answered HTTP ${response.status}`, { fix: unreachableFix });
  return describeAnswer(node, id, name, url, body) ?? failed(id, name, `${url} did not answer like ${LABELS[node.kind]}`, { fix: unreachableFix });
}

function describeAnswer(node: NodeConfig, id: string, name: string, url: string, body: unknown): DiagnosticCheck | undefined {
  switch (node.kind) {
    case 'harombe': {
      const health = harombeHealthSchema.safeParse(body);
      if (!health.success) return undefined;
      const { version, model } = health.data;
      if (!sameModelName(model, node.model)) return modelMismatch(node, id, name, `harombe ${version} at ${url} serves ${model}`);
      if (health.data.status === 'degraded') {
        // Up, but its model server cannot answer: every turn routed there would fail.
        const server = harombeNodeModelServerSchema.safeParse(body).data?.model_server;
        return failed(id, name, `harombe ${version} at ${url} is up but cannot answer: ${server?.error ?? 'its model server is not ready'}`, {
          fix: server?.hint ? `On ${node.name}: ${server.hint}` : `Run \`harombe doctor\` on ${node.name}.`,
        });
      }
      return passed(id, name, `harombe ${version} at ${url}, model ${model}`);
    }
    case 'ollama': {
      const version = isRecord(body) && typeof body.version === 'string' ? body.version : undefined;
      return version === undefined ? undefined : passed(id, name, `Ollama ${version} at ${url}`);
    }
    case 'openai': {
      if (!isRecord(body) || !Array.isArray(body.data)) return undefined;
      const ids = body.data.map((entry: unknown) => (isRecord(entry) && typeof entry.id === 'string' ? entry.id : '')).filter(Boolean);
      if (!ids.some((served) => sameModelName(served, node.model))) return modelMismatch(node, id, name, `${url} lists ${ids.length} model${ids.length === 1 ? '' : 's'} but not ${node.model}`);
      return passed(id, name, `${url} serves ${node.model}`);
    }
  }
}

function modelMismatch(node: NodeConfig, id: string, name: string, detail: string): DiagnosticCheck {
  return warned(id, name, `${detail}; the config says ${node.model}`, { fix: `Set the model of ${node.name} in cluster.nodes to what it serves, or serve ${node.model} there.` });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
