// LlmErrors for any OpenAI-compatible server (vLLM, llama.cpp, LM Studio, OpenAI): what failed, where, what to do.
import { LlmError } from './llm-client';
import { formatDuration } from '../../shared/format';
import type { ClientFailure, FailureContext } from './transport-failure';

/** Turns a failure into the LlmError a person reads; each kind of server says it in its own words. */
export type FailureTranslator = (failure: ClientFailure, context: FailureContext, cause?: unknown) => LlmError;

export const describeServerFailure: FailureTranslator = (failure, context, cause) => {
  const where = `the model server at ${context.endpoint}`;
  const model = context.model ?? 'the model';
  const options = { cause };
  switch (failure.kind) {
    case 'aborted':
      return new LlmError('aborted', 'The request to the model was cancelled.', undefined, options);
    case 'timeout':
      return new LlmError(
        'timeout',
        `No answer from ${where} within ${formatDuration(context.timeoutMs ?? 0)}.`,
        'The server may be busy or still loading the model; try again or allow a longer timeout.',
        options,
      );
    case 'refused':
      return new LlmError(
        'unreachable',
        `Cannot reach ${where} (${failure.detail}).`,
        'Check that the server is running and that its address is right.',
        options,
      );
    case 'dropped':
      return new LlmError(
        'unreachable',
        `Lost the connection to ${where} before the answer was complete.`,
        'Check that the server is still running; it may have crashed or run out of memory.',
        options,
      );
    case 'http':
      return describeHttpFailure(failure.status, failure.detail, where, model, options);
    case 'stream_error':
      return new LlmError(
        'server_error',
        `${capitalize(where)} failed in the middle of the answer: ${failure.detail}`,
        'Try again; if it keeps failing, look at the server log.',
        options,
      );
    case 'malformed':
      return new LlmError(
        'bad_response',
        `${capitalize(where)} sent an answer that could not be read (${failure.detail}).`,
        'Check that the address points at an OpenAI-compatible API (it usually ends in /v1).',
        options,
      );
    case 'unknown':
      return new LlmError('server_error', `The request to ${where} failed: ${failure.detail}`, undefined, options);
  }
};

function describeHttpFailure(
  status: number,
  detail: string,
  where: string,
  model: string,
  options: { cause?: unknown },
): LlmError {
  if (status === 401 || status === 403) {
    return new LlmError(
      'unauthorized',
      `${capitalize(where)} refused the request (${status}): ${detail}`,
      'Check the API key (or auth token) configured for this server.',
      options,
    );
  }
  if (status === 404) {
    return new LlmError(
      'model_missing',
      `${capitalize(where)} does not serve ${model} (404): ${detail}`,
      'Check the model name, and that the address is the API root (it usually ends in /v1).',
      options,
    );
  }
  if (status === 400 || status === 413 || status === 422) {
    return new LlmError('bad_request', `${capitalize(where)} rejected the request (${status}): ${detail}`, undefined, options);
  }
  return new LlmError(
    'server_error',
    `${capitalize(where)} failed (${status}): ${detail}`,
    status === 429 || status === 503 ? 'The server is busy; try again shortly.' : 'Look at the server log for the cause.',
    options,
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
