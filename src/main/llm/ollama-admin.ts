// Ollama's model management over its native /api (the official `ollama` package): version, models, show, what is
// loaded, unload, pull, delete.
import { Ollama, type ModelResponse, type ProgressResponse, type ShowResponse } from 'ollama';
import type { InstalledModel } from '../../shared';
import { InactivityDeadline, anySignal } from './inactivity-deadline';
import { LlmError } from './llm-client';
import { describeOllamaFailure } from './ollama-failure-message';
import { normalizeOllamaHost } from './ollama-client';
import { classifyFailure, type FailureContext } from './transport-failure';

export interface OllamaAdminOptions {
  /** `http://localhost:11434` (ollama.host). */
  host: string;
  /** Longest silence allowed, in ms: for a whole answer, or between two progress lines of a pull. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RunningModel {
  name: string;
  sizeBytes: number;
  /** Bytes held in GPU memory (0: running on the CPU). */
  vramBytes: number;
  /** ISO time when Ollama unloads it if unused. */
  expiresAt: string;
}

export interface ModelDetails {
  name: string;
  /** The context window the model was trained for, from model_info `<architecture>.context_length`. */
  contextLength?: number;
  /** What Ollama says the model can do: `completion`, `tools`, `vision`, `thinking`... */
  capabilities: string[];
  supportsTools: boolean;
  family?: string;
  parameterSize?: string;
  quantization?: string;
}

/** One progress line of a pull: `pulling manifest`, `pulling 6a0746a1ec1a` with byte counts, ..., `success`. */
export interface PullProgress {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

type Operation = 'version' | 'list' | 'show' | 'running' | 'unload' | 'pull' | 'delete';

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function timeText(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value ?? '');
}

function contextLengthOf(modelInfo: Record<string, unknown>): number | undefined {
  const architecture = optionalText(modelInfo['general.architecture']);
  const preferred = architecture ? modelInfo[`${architecture}.context_length`] : undefined;
  const value = preferred ?? Object.entries(modelInfo).find(([key]) => key.endsWith('.context_length'))?.[1];
  return typeof value === 'number' && value > 0 ? value : undefined;
}

/** Ollama before 0.6.4 lists no capabilities; it offered tools to a model whose template reads `.Tools`. */
function capabilitiesOf(show: ShowResponse): string[] {
  if (Array.isArray(show.capabilities)) return show.capabilities;
  return typeof show.template === 'string' && show.template.includes('.Tools') ? ['completion', 'tools'] : ['completion'];
}

function toInstalledModel(model: ModelResponse): InstalledModel {
  const details = model.details ?? {};
  const digest = optionalText(model.digest);
  const modified = timeText(model.modified_at);
  const family = optionalText(details.family);
  const parameterSize = optionalText(details.parameter_size);
  const quantization = optionalText(details.quantization_level);
  return {
    name: model.name,
    size: model.size ?? 0,
    ...(digest ? { digest } : {}),
    ...(modified ? { modified_at: modified } : {}),
    ...(family ? { family } : {}),
    ...(parameterSize ? { parameter_size: parameterSize } : {}),
    ...(quantization ? { quantization } : {}),
  };
}

/**
 * Ollama's words for a name its library does not have: the registry's 404 as `pull model manifest: file does not
 * exist` (an error line inside a 200 stream, or a 500 with `stream: false`), or `model "x" not found`.
 */
const UNKNOWN_NAME = /pull model manifest: file does not exist|manifest unknown|model .* not found/i;

/** A pull of a name Ollama does not know, said as that (not as a network failure to retry), with where to look. */
function unknownModelError(name: string, error: unknown): LlmError | undefined {
  const detail = error instanceof Error ? error.message : '';
  if (!UNKNOWN_NAME.test(detail)) return undefined;
  return new LlmError(
    'model_missing',
    `${name} is not a model Ollama knows (Ollama said: ${detail}).`,
    'Check the name and tag at https://ollama.com/library (e.g. qwen2.5:7b); `ollama list` or `harombe models list` shows the models you already have.',
    { cause: error },
  );
}

function toProgress(line: ProgressResponse): PullProgress {
  return {
    status: line.status,
    ...(optionalText(line.digest) ? { digest: line.digest } : {}),
    ...(typeof line.total === 'number' ? { total: line.total } : {}),
    ...(typeof line.completed === 'number' ? { completed: line.completed } : {}),
  };
}

export class OllamaAdmin {
  readonly host: string;
  private readonly timeoutMs: number | undefined;
  private readonly fetch: typeof fetch;

  constructor(options: OllamaAdminOptions) {
    this.host = normalizeOllamaHost(options.host);
    this.timeoutMs = options.timeoutMs;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Ollama's version, e.g. `0.6.5`; also the cheapest "is it running?" check. */
  async version(options: { signal?: AbortSignal } = {}): Promise<string> {
    return this.call('version', undefined, options.signal, async (ollama) => (await ollama.version()).version);
  }

  async listModels(options: { signal?: AbortSignal } = {}): Promise<InstalledModel[]> {
    return this.call('list', undefined, options.signal, async (ollama) =>
      ((await ollama.list()).models ?? []).map(toInstalledModel),
    );
  }

  async show(name: string, options: { signal?: AbortSignal } = {}): Promise<ModelDetails> {
    return this.call('show', name, options.signal, async (ollama) => {
      const show = await ollama.show({ model: name });
      const details = show.details ?? {};
      const capabilities = capabilitiesOf(show);
      const contextLength = contextLengthOf((show.model_info ?? {}) as unknown as Record<string, unknown>);
      const family = optionalText(details.family);
      const parameterSize = optionalText(details.parameter_size);
      const quantization = optionalText(details.quantization_level);
      return {
        name,
        ...(contextLength ? { contextLength } : {}),
        capabilities,
        supportsTools: capabilities.includes('tools'),
        ...(family ? { family } : {}),
        ...(parameterSize ? { parameterSize } : {}),
        ...(quantization ? { quantization } : {}),
      };
    });
  }

  /** The models loaded in memory now (`ollama ps`). */
  async running(options: { signal?: AbortSignal } = {}): Promise<RunningModel[]> {
    return this.call('running', undefined, options.signal, async (ollama) =>
      ((await ollama.ps()).models ?? []).map((model) => ({
        name: model.name,
        sizeBytes: model.size ?? 0,
        vramBytes: model.size_vram ?? 0,
        expiresAt: timeText(model.expires_at),
      })),
    );
  }

  /**
   * Frees the memory a loaded model holds now (the tray's Unload), as `ollama stop` does: a generate request with no
   * prompt and `keep_alive: 0`. The model stays installed; the next request loads it again.
   */
  async unload(name: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('unload', name, options.signal, (ollama) => ollama.generate({ model: name, prompt: '', keep_alive: 0, stream: false }));
  }

  async delete(name: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.call('delete', name, options.signal, (ollama) => ollama.delete({ model: name }));
  }

  /**
   * Pulls a model, yielding Ollama's progress lines until `success`. Aborting the signal (or breaking out of the
   * loop) stops the download request; Ollama resumes a later pull where this one stopped.
   */
  async *pull(name: string, options: { signal?: AbortSignal } = {}): AsyncIterable<PullProgress> {
    const deadline = new InactivityDeadline(this.timeoutMs);
    const stop = new AbortController();
    const signal = anySignal(deadline.signal, options.signal, stop.signal);
    const failure = this.failure('pull', name, options.signal, deadline);
    const fail = (error: unknown, duringStream = false): LlmError => unknownModelError(name, error) ?? failure(error, duringStream);
    let lines: AsyncIterator<ProgressResponse> | undefined;
    try {
      try {
        const stream = await this.client(signal).pull({ model: name, stream: true });
        lines = stream[Symbol.asyncIterator]();
      } catch (error) {
        throw fail(error);
      }
      for (;;) {
        deadline.touch();
        let next: IteratorResult<ProgressResponse>;
        try {
          next = await lines.next();
        } catch (error) {
          throw fail(error, true);
        }
        if (next.done) return;
        deadline.pause();
        yield toProgress(next.value);
      }
    } finally {
      deadline.dispose();
      // The ollama package does not cancel the response body when its iterator is left early.
      stop.abort();
      await lines?.return?.(undefined).catch(() => undefined);
    }
  }

  /** An ollama client whose every request also ends when `signal` aborts (it takes no per-call signal itself). */
  private client(signal: AbortSignal): Ollama {
    const fetchImplementation = this.fetch;
    return new Ollama({
      host: this.host,
      fetch: (input, init) =>
        fetchImplementation(input, { ...init, signal: anySignal(init?.signal ?? undefined, signal) }),
    });
  }

  private failure(operation: Operation, model: string | undefined, callerSignal: AbortSignal | undefined, deadline: InactivityDeadline) {
    const context: FailureContext = {
      endpoint: this.host,
      operation,
      ...(model === undefined ? {} : { model }),
      ...(this.timeoutMs === undefined ? {} : { timeoutMs: this.timeoutMs }),
    };
    return (error: unknown, duringStream = false): LlmError => {
      if (error instanceof LlmError) return error;
      if (callerSignal?.aborted) return describeOllamaFailure({ kind: 'aborted' }, context, error);
      if (deadline.expired) return describeOllamaFailure({ kind: 'timeout' }, context, error);
      return describeOllamaFailure(classifyFailure(error, { duringStream }), context, error);
    };
  }

  private async call<T>(
    operation: Operation,
    model: string | undefined,
    callerSignal: AbortSignal | undefined,
    action: (ollama: Ollama) => Promise<T>,
  ): Promise<T> {
    const deadline = new InactivityDeadline(this.timeoutMs);
    try {
      return await action(this.client(anySignal(deadline.signal, callerSignal)));
    } catch (error) {
      throw this.failure(operation, model, callerSignal, deadline)(error);
    } finally {
      deadline.dispose();
    }
  }
}
