// Whether Ollama answers at the configured host and already has the model, and what the person should do next.

export type OllamaReadiness =
  | { state: 'not-running'; host: string; detail: string }
  | { state: 'model-missing'; host: string; version: string; detail?: string }
  | { state: 'ready'; host: string; version: string };

export interface OllamaCheckOptions {
  host: string;
  model: string;
  fetch?: typeof globalThis.fetch;
  /** How long each request may take; a local Ollama answers in milliseconds. */
  timeoutMs?: number;
}

export async function checkOllama({ host, model, fetch = globalThis.fetch, timeoutMs = 3000 }: OllamaCheckOptions): Promise<OllamaReadiness> {
  const base = host.replace(/\/+$/, '');
  let version: string;
  try {
    const response = await fetch(`${base}/api/version`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { state: 'not-running', host, detail: `${host} answered HTTP ${response.status} to /api/version; is that Ollama?` };
    const body = (await response.json().catch(() => ({}))) as { version?: unknown };
    version = typeof body.version === 'string' ? body.version : 'unknown version';
  } catch (error) {
    return { state: 'not-running', host, detail: describeFailure(error, host, timeoutMs) };
  }
  try {
    const response = await fetch(`${base}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { state: 'model-missing', host, version, detail: `could not list models (HTTP ${response.status})` };
    const body = (await response.json()) as { models?: { name?: unknown; model?: unknown }[] };
    const wanted = canonicalModelName(model);
    const installed = (body.models ?? []).flatMap((entry) => [entry.name, entry.model]).filter((name): name is string => typeof name === 'string');
    return installed.some((name) => canonicalModelName(name) === wanted) ? { state: 'ready', host, version } : { state: 'model-missing', host, version };
  } catch (error) {
    return { state: 'model-missing', host, version, detail: `could not list models (${describeFailure(error, host, timeoutMs)})` };
  }
}

/** `llama3.2` and `llama3.2:latest` are the same model to Ollama. */
function canonicalModelName(name: string): string {
  const lower = name.trim().toLowerCase();
  const lastSegment = lower.slice(lower.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? lower : `${lower}:latest`;
}

function describeFailure(error: unknown, host: string, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer from ${host} within ${timeoutMs / 1000} s`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return `nothing is listening at ${host}`;
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return `cannot resolve the host name in ${host}`;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot reach ${host} (${cause?.code ?? cause?.message ?? message})`;
}

/** The steps left before `harombe chat` works, in order, as lines to print. */
export function nextSteps(readiness: OllamaReadiness, model: string, chatCommand: string): string[] {
  const chat = `Start chatting: \`${chatCommand}\``;
  const pull = `Pull the model: \`ollama pull ${model}\``;
  if (readiness.state === 'not-running') return ['Start Ollama: `ollama serve` (or install it from https://ollama.com)', pull, chat];
  if (readiness.state === 'model-missing') return [pull, chat];
  return [chat];
}

export function describeReadiness(readiness: OllamaReadiness, model: string): string {
  if (readiness.state === 'not-running') return `Ollama is not running: ${readiness.detail}.`;
  const running = `Ollama ${readiness.version} is running at ${readiness.host}`;
  if (readiness.state === 'model-missing') return `${running}, but ${model} is not pulled yet${readiness.detail ? ` (${readiness.detail})` : ''}.`;
  return `${running} and has ${model}.`;
}
