// LlmErrors in Ollama's terms: `ollama serve` when it is down, `ollama pull <model>` when the model is missing.
import { LlmError } from './llm-client';
import type { FailureTranslator } from './server-failure-message';
import { formatDuration } from '../../shared/format';

export const describeOllamaFailure: FailureTranslator = (failure, context, cause) => {
  const host = context.endpoint;
  const model = context.model ?? 'the model';
  const options = { cause };
  switch (failure.kind) {
    case 'aborted':
      return new LlmError('aborted', 'The request to Ollama was cancelled.', undefined, options);
    case 'timeout': {
      const figure = formatDuration(context.timeoutMs ?? 0);
      return new LlmError(
        'timeout',
        `Ollama at ${host} did not answer within ${figure} (ollama.timeout).`,
        `The model may still be loading or the machine is busy: try again, raise ollama.timeout in harombe.yaml (now ${figure}), or use a smaller model.`,
        options,
      );
    }
    case 'refused':
      return new LlmError(
        'unreachable',
        `Ollama is not running at ${host} — start it with \`ollama serve\`.`,
        `Start Ollama with \`ollama serve\`, or set ollama.host in harombe.yaml to where it runs (${failure.detail}).`,
        options,
      );
    case 'dropped':
      return new LlmError(
        'unreachable',
        `Lost the connection to Ollama at ${host} before the answer was complete.`,
        'Check that Ollama is still running (`ollama serve`); the model may have run out of memory.',
        options,
      );
    case 'http':
      return describeOllamaStatus(failure.status, failure.detail, host, model, context.operation, options);
    case 'stream_error':
      return new LlmError(
        'server_error',
        `Ollama at ${host} failed in the middle of the answer: ${failure.detail}`,
        'Try again; if it keeps failing, the Ollama server log says why (`journalctl -u ollama` or ~/.ollama/logs).',
        options,
      );
    case 'malformed':
      return new LlmError(
        'bad_response',
        `The server at ${host} sent an answer Ollama would not send (${failure.detail}).`,
        'Check that ollama.host in harombe.yaml points at Ollama (default http://localhost:11434).',
        options,
      );
    case 'unknown':
      return new LlmError('server_error', `The request to Ollama at ${host} failed: ${failure.detail}`, undefined, options);
  }
};

function describeOllamaStatus(
  status: number,
  detail: string,
  host: string,
  model: string,
  operation: string | undefined,
  options: { cause?: unknown },
): LlmError {
  if (status === 404 && operation === 'delete') {
    return new LlmError(
      'model_missing',
      `${model} is not installed in Ollama, so there is nothing to delete.`,
      '`ollama list` shows the models that are installed.',
      options,
    );
  }
  if (status === 404) {
    return new LlmError(
      'model_missing',
      `${model} is not pulled — run \`ollama pull ${model}\`.`,
      `Pull it with \`ollama pull ${model}\`, or set model.name in harombe.yaml to a model you have (\`ollama list\`).`,
      options,
    );
  }
  if (operation === 'pull' && /file does not exist|not found/i.test(detail)) {
    return new LlmError(
      'model_missing',
      `${model} is not in the Ollama library: ${detail}`,
      'Check the name and tag at https://ollama.com/library.',
      options,
    );
  }
  if (status === 400 && /does not support tools/i.test(detail)) {
    return new LlmError(
      'bad_request',
      `${model} cannot use tools: ${detail}`,
      'Choose a model with tool support (for example qwen2.5:7b or llama3.1:8b), or turn the tools off.',
      options,
    );
  }
  if (status === 401 || status === 403) {
    return new LlmError(
      'unauthorized',
      `Ollama at ${host} refused the request (${status}): ${detail}`,
      'A proxy in front of Ollama may require credentials; check ollama.host.',
      options,
    );
  }
  if (status === 400) {
    return new LlmError('bad_request', `Ollama rejected the request: ${detail}`, undefined, options);
  }
  return new LlmError(
    'server_error',
    `Ollama at ${host} failed (${status}): ${detail}`,
    'Try again; if it keeps failing, the Ollama server log says why (`journalctl -u ollama` or ~/.ollama/logs).',
    options,
  );
}
