// Doctor's Ollama checks, in order: it answers at ollama.host, the configured model is pulled, the model can call tools.
import { formatDuration } from '../../shared/format';
import { LlmError, type ModelInspector } from '../llm';
import { failed, passed, skipped, warned, type DiagnosticCheck } from './diagnostic-check';
import { checkOllama } from './ollama-readiness';

export interface OllamaChecksOptions {
  host: string;
  /** The model in use, `auto` already resolved; undefined when it could not be resolved (`modelProblem` says why). */
  model: string | undefined;
  /** How the model name was chosen, e.g. `model.name is auto: recommended for this machine`. */
  modelNote?: string;
  /** Why the model is unknown (hardware detection failed); only read when `model` is undefined. */
  modelProblem?: string;
  /** Asks Ollama about one model (an OllamaAdmin). */
  inspector: ModelInspector;
  fetch?: typeof fetch;
  timeoutMs: number;
}

export const OLLAMA_CHECK_IDS = { ollama: 'ollama', model: 'model', tools: 'model-tools' } as const;

const NAMES = { ollama: 'Ollama', model: 'model', tools: 'tool calling' } as const;
export const TOOL_MODEL_EXAMPLES = 'qwen2.5:7b or llama3.1:8b';

/** Reachable → pulled → tool-capable; a check whose predecessor failed is skipped, not failed again. */
export async function checkOllamaAndModel(options: OllamaChecksOptions): Promise<DiagnosticCheck[]> {
  const { host, model, timeoutMs } = options;
  const readiness = await checkOllama({ host, model: model ?? '', timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const note = options.modelNote ? ` (${options.modelNote})` : '';
  if (readiness.state === 'not-running') {
    return [
      failed(OLLAMA_CHECK_IDS.ollama, NAMES.ollama, readiness.detail, {
        fix: `Start it with \`ollama serve\` (install it from https://ollama.com), or set ollama.host to where it runs.`,
      }),
      model === undefined ? modelUnknown(options) : skipped(OLLAMA_CHECK_IDS.model, NAMES.model, `${model}${note}: not checked (Ollama is not reachable)`),
      skipped(OLLAMA_CHECK_IDS.tools, NAMES.tools, 'not checked (Ollama is not reachable)'),
    ];
  }
  const reachable = passed(OLLAMA_CHECK_IDS.ollama, NAMES.ollama, `${readiness.version} at ${host}`);
  if (model === undefined) return [reachable, modelUnknown(options), skipped(OLLAMA_CHECK_IDS.tools, NAMES.tools, 'not checked (no model)')];
  if (readiness.state === 'model-missing') {
    const pulled = readiness.detail
      ? failed(OLLAMA_CHECK_IDS.model, NAMES.model, `${model}${note}: ${readiness.detail}`, { fix: 'Check that ollama.host points at Ollama, then try again.' })
      : failed(OLLAMA_CHECK_IDS.model, NAMES.model, `${model}${note} is not pulled`, {
          fix: `Pull it: \`ollama pull ${model}\` (or \`harombe models pull ${model}\`).`,
        });
    return [reachable, pulled, skipped(OLLAMA_CHECK_IDS.tools, NAMES.tools, `not checked (${model} is not pulled)`)];
  }
  return [reachable, passed(OLLAMA_CHECK_IDS.model, NAMES.model, `${model} is pulled${note}`), await checkToolSupport(options.inspector, model, timeoutMs)];
}

function modelUnknown(options: OllamaChecksOptions): DiagnosticCheck {
  return failed(OLLAMA_CHECK_IDS.model, NAMES.model, `cannot tell which model to use: ${options.modelProblem ?? 'unknown reason'}`, {
    fix: `Set model.name to a model, e.g. ${TOOL_MODEL_EXAMPLES}, instead of auto.`,
  });
}

async function checkToolSupport(inspector: ModelInspector, model: string, timeoutMs: number): Promise<DiagnosticCheck> {
  try {
    const details = await inspector.show(model, { signal: AbortSignal.timeout(timeoutMs) });
    if (details.supportsTools) return passed(OLLAMA_CHECK_IDS.tools, NAMES.tools, `${model} can call tools`);
    return warned(OLLAMA_CHECK_IDS.tools, NAMES.tools, `${model} cannot call tools: chat runs without tools (no shell, files or web search)`, {
      fix: `For tools, set model.name to a tool-capable model such as ${TOOL_MODEL_EXAMPLES}.`,
    });
  } catch (error) {
    // Our own timeout aborts the request, which OllamaAdmin reports as a cancellation.
    const timedOut = error instanceof LlmError && error.code === 'aborted';
    const reason = timedOut ? `no answer within ${formatDuration(timeoutMs)}` : error instanceof Error ? error.message : String(error);
    return warned(OLLAMA_CHECK_IDS.tools, NAMES.tools, `could not ask Ollama whether ${model} can call tools: ${reason}`);
  }
}
