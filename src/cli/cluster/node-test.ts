// `harombe cluster test`: each node reachable, its key accepted, its model there, and one tiny completion; a fix per failure.
import type { NodeConfig } from '../../shared';
import { fetchProbeTransport, probeNode, probeUrl, type ClusterNode } from '../../main/cluster';
import { formatDuration } from '../../main/cluster/format';
import { LlmError } from '../../main/llm';

export type NodeCheckStatus = 'pass' | 'fail' | 'skip';

export interface NodeCheck {
  name: 'reachable' | 'auth' | 'model' | 'completion';
  status: NodeCheckStatus;
  detail: string;
  fix?: string;
}

export interface NodeTestResult {
  node: Pick<NodeConfig, 'name' | 'kind' | 'host' | 'port' | 'model' | 'tier'>;
  checks: NodeCheck[];
}

export interface NodeTestOptions {
  fetch?: typeof fetch;
  /** One check's limit (reachable, auth). */
  timeoutMs: number;
  /** The completion's limit (a model may need to load first). */
  completionTimeoutMs: number;
  now?: () => number;
}

const SERVER_NAMES: Record<NodeConfig['kind'], string> = { harombe: 'harombe', ollama: 'Ollama', openai: 'the model server' };

function startFix(config: NodeConfig): string {
  const where = `host and port of ${config.name} in cluster.nodes (now ${config.host}:${config.port})`;
  switch (config.kind) {
    case 'harombe':
      return `Run \`harombe start\` on ${config.host} with server.host: 0.0.0.0, or correct the ${where}.`;
    case 'ollama':
      return `Run \`ollama serve\` on ${config.host} (with OLLAMA_HOST=0.0.0.0 to let other machines in), or correct the ${where}.`;
    case 'openai':
      return `Start the server on ${config.host}, or correct the ${where}.`;
  }
}

function authFix(config: NodeConfig): string {
  return config.kind === 'harombe'
    ? `Set auth_token of ${config.name} in cluster.nodes to server.auth_token in that node's harombe.yaml.`
    : `Set auth_token of ${config.name} in cluster.nodes to the key the server expects.`;
}

function modelFix(config: NodeConfig, served: readonly string[]): string {
  const other = served.length ? ` (it serves ${served.slice(0, 5).join(', ')})` : '';
  switch (config.kind) {
    case 'ollama':
      return `Run \`ollama pull ${config.model}\` on ${config.host}, or set the model of ${config.name} to one it has${other}.`;
    case 'harombe':
      return `Set model.name: ${config.model} in that node's harombe.yaml, or set the model of ${config.name} to what it serves${other}.`;
    case 'openai':
      return `Set the model of ${config.name} in cluster.nodes to one the server lists${other}.`;
  }
}

const skip = (name: NodeCheck['name'], detail: string): NodeCheck => ({ name, status: 'skip', detail });

/** Runs the four checks in order; once one fails, the ones after it are not checked. */
export async function testNode(node: ClusterNode, options: NodeTestOptions): Promise<NodeTestResult> {
  const { config } = node;
  const result: Pick<NodeTestResult, 'node'> = { node: { name: config.name, kind: config.kind, host: config.host, port: config.port, model: config.model, tier: config.tier } };
  const checks: NodeCheck[] = [];
  const done = (...rest: NodeCheck['name'][]) => {
    for (const name of rest) checks.push(skip(name, 'not checked'));
    return { ...result, checks };
  };
  if (!config.enabled) return { ...result, checks: (['reachable', 'auth', 'model', 'completion'] as const).map((name) => skip(name, 'disabled (enabled: false)')) };
  const baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;

  // reachable (and, for Ollama and OpenAI kinds, the key: their health check carries it)
  let lastStatus: number | undefined;
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    lastStatus = response.status;
    return response;
  };
  const started = now();
  let probe;
  try {
    probe = await probeNode(node, fetchProbeTransport(recordingFetch), AbortSignal.timeout(options.timeoutMs));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (lastStatus === 401 || lastStatus === 403) {
      checks.push({ name: 'reachable', status: 'pass', detail: `${probeUrl(node)} answered (HTTP ${lastStatus})` });
      checks.push({ name: 'auth', status: 'fail', detail: message, fix: authFix(config) });
      return done('model', 'completion');
    }
    const fix = lastStatus === undefined ? startFix(config) : `Check the kind (${config.kind}) and port (${config.port}) of ${config.name} in cluster.nodes: is ${SERVER_NAMES[config.kind]} what answers there?`;
    checks.push({ name: 'reachable', status: 'fail', detail: message, fix });
    return done('auth', 'model', 'completion');
  }
  checks.push({ name: 'reachable', status: 'pass', detail: `${probeUrl(node)} answered in ${formatDuration(Math.max(0, now() - started))}` });

  // auth: a harombe node's /health is open to all, so its /v1 (what the coordinator uses) is asked with the token.
  const auth = await checkAuth(node, baseFetch, options.timeoutMs);
  checks.push(auth);
  if (auth.status === 'fail') return done('model', 'completion');

  if (!probe.modelOk) {
    const served = probe.servedModels;
    checks.push({ name: 'model', status: 'fail', detail: `${config.model} is not there${served.length ? `; it serves ${served.slice(0, 5).join(', ')}` : ''}`, fix: modelFix(config, served) });
    return done('completion');
  }
  checks.push({ name: 'model', status: 'pass', detail: `${config.model} is there` });
  checks.push(await checkCompletion(node, options.completionTimeoutMs, now));
  return { ...result, checks };
}

async function checkAuth(node: ClusterNode, fetchImplementation: typeof fetch, timeoutMs: number): Promise<NodeCheck> {
  const { config } = node;
  const accepted = config.auth_token ? 'accepted the auth_token' : 'no token needed';
  if (config.kind !== 'harombe') return { name: 'auth', status: 'pass', detail: accepted };
  const url = `${node.origin}/v1/models`;
  try {
    const response = await fetchImplementation(url, {
      headers: { accept: 'application/json', ...(config.auth_token ? { authorization: `Bearer ${config.auth_token}` } : {}) },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 401 || response.status === 403) {
      const detail = config.auth_token ? `${url} refused the auth_token (HTTP ${response.status})` : `${url} wants a token (HTTP ${response.status})`;
      return { name: 'auth', status: 'fail', detail, fix: authFix(config) };
    }
    return { name: 'auth', status: 'pass', detail: accepted };
  } catch (error) {
    return { name: 'auth', status: 'fail', detail: `${url} did not answer: ${error instanceof Error ? error.message : String(error)}`, fix: startFix(config) };
  }
}

async function checkCompletion(node: ClusterNode, timeoutMs: number, now: () => number): Promise<NodeCheck> {
  const started = now();
  let text = '';
  try {
    for await (const event of node.client.streamChat({
      messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
      maxTokens: 16,
      temperature: 0,
      signal: AbortSignal.timeout(timeoutMs),
    })) {
      if (event.type === 'text-delta') text += event.text;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof LlmError ? error.hint : undefined;
    return { name: 'completion', status: 'fail', detail: message, fix: hint ?? `See the log of ${node.name}; its model server failed to answer.` };
  }
  const said = text.trim().replace(/\s+/g, ' ');
  const shown = said.length > 40 ? `${said.slice(0, 40)}…` : said;
  return { name: 'completion', status: 'pass', detail: `answered in ${formatDuration(Math.max(0, now() - started))}${shown ? `: "${shown}"` : ' (with no text)'}` };
}

/** Whether every enabled node passed every check. */
export function allNodesPassed(results: readonly NodeTestResult[]): boolean {
  return results.every((result) => result.checks.every((check) => check.status !== 'fail'));
}
