// Finds the harombe server this machine runs (its pid record, else the configured address) and asks it over HTTP
// through the typed API client, turning its answers' failures into CLI errors.
import { ApiClient, ApiRequestError } from '../../shared';
import { CliError, EXIT_FAILURE } from '../cli-error';
import { configuredUrl, credentialFor, tokenHint } from '../server/locate-server';
import { checkPort } from '../../main/server/port-check';
import { readServerRecord } from '../server/server-record';

const REQUEST_TIMEOUT_MS = 10_000;

/** The running server's base URL (`http://127.0.0.1:8000`), or undefined when none answers. */
export async function findRunningServer(configPath: string): Promise<string | undefined> {
  const record = await readServerRecord();
  if (record && (await checkPort(record.url)).state === 'harombe') return record.url;
  const url = await configuredUrl(configPath);
  return (await checkPort(url)).state === 'harombe' ? url : undefined;
}

/** A harombe error answer, kept so a caller can branch on its code. */
export class ServerAnswerError extends CliError {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    hint?: string,
  ) {
    super(message, EXIT_FAILURE, hint);
  }
}

/** Runs `ask` against the server; an error answer becomes a ServerAnswerError, no answer a CliError. */
export async function askServer<T>(baseUrl: string, ask: (client: ApiClient, signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    const token = await credentialFor(baseUrl);
    return await ask(new ApiClient({ baseUrl, ...(token ? { token } : {}) }), AbortSignal.timeout(REQUEST_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof ApiRequestError) throw new ServerAnswerError(error.message, error.status, error.code, tokenHint(error.code, error.hint));
    if (error instanceof Error && error.name === 'ZodError') {
      throw new CliError(`the harombe server at ${baseUrl} answered in a shape this CLI does not know`, EXIT_FAILURE, 'Is it the same harombe version as this CLI? `harombe status` shows its version.');
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`the harombe server at ${baseUrl} did not answer: ${reason}`, EXIT_FAILURE, 'Is it still running? `harombe status` says.');
  }
}
