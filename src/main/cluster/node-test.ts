// `harombe cluster test` and POST /cluster/nodes/test: each node reachable, its key accepted, its model there, and one
// tiny completion; a fix per failure.
import type { NodeCheck, NodeTestResult } from '../../shared';
import { LlmError } from '../llm';
import type { ClusterNode } from './cluster-node';
import { formatDuration } from '../../shared/format';
import { authFix, classifyCheckFailure, healthFix, modelFix, startFix, wrongServerFix } from './health-fix';
import { probeNode, probeUrl } from './node-probe';
import { fetchProbeTransport } from './probe-transport';

export type { NodeCheck, NodeCheckStatus, NodeTestResult } from '../../shared';

export interface NodeTestOptions {
  fetch?: typeof fetch;
  /** One check's limit (reachable, auth). */
  timeoutMs: number;
  /** The completion's limit (a model may need to load first). */
  completionTimeoutMs: number;
  now?: () => number;
  /** Stops the checks (the caller went away); each check also has its own limit. */
  signal?: AbortSignal;
}

/** A check's limit, cut short by the caller's signal. */
function limit(ms: number, signal: AbortSignal | undefined): AbortSignal {
  return signal ? AbortSignal.any([signal, AbortSignal.timeout(ms)]) : AbortSignal.timeout(ms);
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
    probe = await probeNode(node, fetchProbeTransport(recordingFetch), limit(options.timeoutMs, options.signal));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (lastStatus === 401 || lastStatus === 403) {
      checks.push({ name: 'reachable', status: 'pass', detail: `${probeUrl(node)} answered (HTTP ${lastStatus})` });
      checks.push({ name: 'auth', status: 'fail', detail: message, fix: authFix(config) });
      return done('model', 'completion');
    }
    const fix = lastStatus === undefined ? unreachableFix(config, message) : wrongServerFix(config);
    checks.push({ name: 'reachable', status: 'fail', detail: message, fix });
    return done('auth', 'model', 'completion');
  }
  checks.push({ name: 'reachable', status: 'pass', detail: `${probeUrl(node)} answered in ${formatDuration(Math.max(0, now() - started))}` });

  // auth: a harombe node's /health is open to all, so its /v1 (what the coordinator uses) is asked with the token.
  const auth = await checkAuth(node, baseFetch, limit(options.timeoutMs, options.signal));
  checks.push(auth);
  if (auth.status === 'fail') return done('model', 'completion');

  if (!probe.modelOk) {
    const served = probe.servedModels;
    checks.push({ name: 'model', status: 'fail', detail: `${config.model} is not there${served.length ? `; it serves ${served.slice(0, 5).join(', ')}` : ''}`, fix: modelFix(config, served) });
    return done('completion');
  }
  checks.push({ name: 'model', status: 'pass', detail: `${config.model} is there` });
  checks.push(await checkCompletion(node, limit(options.completionTimeoutMs, options.signal), now));
  return { ...result, checks };
}

/** Nothing answered: the fix for what the failure says (a name that does not resolve, a timeout, TLS), else start it. */
function unreachableFix(config: ClusterNode['config'], message: string): string {
  const problem = classifyCheckFailure(message);
  if (problem.kind === 'refused' || problem.kind === 'unknown') return startFix(config);
  return healthFix(config, problem) ?? startFix(config);
}

async function checkAuth(node: ClusterNode, fetchImplementation: typeof fetch, signal: AbortSignal): Promise<NodeCheck> {
  const { config } = node;
  const accepted = config.auth_token ? 'accepted the auth_token' : 'no token needed';
  if (config.kind !== 'harombe') return { name: 'auth', status: 'pass', detail: accepted };
  const url = `${node.origin}/v1/models`;
  try {
    const response = await fetchImplementation(url, {
      headers: { accept: 'application/json', ...(config.auth_token ? { authorization: `Bearer ${config.auth_token}` } : {}) },
      signal,
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

async function checkCompletion(node: ClusterNode, signal: AbortSignal, now: () => number): Promise<NodeCheck> {
  const started = now();
  let text = '';
  try {
    for await (const event of node.client.streamChat({
      messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
      maxTokens: 16,
      temperature: 0,
      signal,
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
