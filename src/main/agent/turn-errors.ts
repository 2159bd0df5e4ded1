// Turns whatever stopped a turn into the `error` event a person can act on: LLM and store errors keep their code and hint.
import type { ErrorEvent } from '../../shared';
import { LlmError } from '../llm/llm-client';
import { ConversationStoreError } from './file-conversation-store';

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** Where an unexpected error's details go: the process's log (harombe start's output), never the client. */
export type UnexpectedErrorReporter = (error: unknown) => void;

const logToStderr: UnexpectedErrorReporter = (error) =>
  console.error(`error: the agent stopped on an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

export function turnErrorEvent(error: unknown, report: UnexpectedErrorReporter = logToStderr): ErrorEvent {
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
  // Its text (a stack overflow, an ERR_ code, a path) is harombe's business, not the client's: logged, not sent.
  report(error);
  return {
    type: 'error',
    code: 'internal',
    message: 'The agent stopped on an unexpected error in harombe.',
    hint: 'This is a bug in harombe; the conversation was kept up to this point. The log of harombe (the output of `harombe start`, or harombe.log) has the details; please report it with the steps that led here.',
  };
}
