// Turns whatever stopped a turn into the `error` event a person can act on: LLM and store errors keep their code and hint.
import type { ErrorEvent } from '../../shared';
import { LlmError } from '../llm/llm-client';
import { ConversationStoreError } from './file-conversation-store';

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

export function turnErrorEvent(error: unknown): ErrorEvent {
  if (error instanceof LlmError || error instanceof ConversationStoreError) {
    return { type: 'error', code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  if (isFileSystemError(error)) {
    return {
      type: 'error',
      code: 'storage_failed',
      message: `Could not read or save the conversation: ${error.message}`,
      hint: 'Check that the harombe home folder (HAROMBE_HOME, default ~/.harombe) is writable and the disk is not full.',
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    type: 'error',
    code: 'internal',
    message: `The agent stopped unexpectedly: ${message}`,
    hint: 'This is a bug in harombe; the conversation was kept up to this point. Please report it with the steps that led here.',
  };
}
