// Finds the harombe server this machine runs (its pid record, else the configured address) and asks it over HTTP.
import type { z } from 'zod';
import { loadConfig } from '../../main/config';
import { apiErrorSchema } from '../../shared';
import { CliError, EXIT_FAILURE } from '../cli-error';
import { clientUrl, probeHealth } from '../server/probe-health';
import { readServerRecord } from '../server/server-record';

const REQUEST_TIMEOUT_MS = 10_000;

/** The running server's base URL (`http://127.0.0.1:8000`), or undefined when none answers. */
export async function findRunningServer(configPath: string): Promise<string | undefined> {
  const record = await readServerRecord();
  if (record && (await probeHealth(record.url)).state === 'harombe') return record.url;
  const { config } = await loadConfig(configPath).catch(() => ({ config: undefined }));
  const url = clientUrl(config?.server.host ?? '127.0.0.1', config?.server.port ?? 8000);
  return (await probeHealth(url)).state === 'harombe' ? url : undefined;
}

/** A harombe error body, kept so a caller can branch on its code. */
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

export interface ServerRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
}

/** Calls the server's API and parses the answer with the contract's schema; an error answer becomes a ServerAnswerError. */
export async function askServer<Schema extends z.ZodType>(baseUrl: string, path: string, schema: Schema, request: ServerRequest = {}): Promise<z.output<Schema>> {
  const url = new URL(path, baseUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? 'GET',
      headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`the harombe server at ${baseUrl} did not answer ${url.pathname}: ${reason}`, EXIT_FAILURE, 'Is it still running? `harombe status` says.');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = apiErrorSchema.safeParse(body);
    if (error.success) throw new ServerAnswerError(error.data.error.message, response.status, error.data.error.code, error.data.error.hint);
    throw new ServerAnswerError(`the harombe server at ${baseUrl} answered HTTP ${response.status} to ${url.pathname}`, response.status, 'http_error');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new CliError(`the harombe server at ${baseUrl} answered ${url.pathname} in a shape this CLI does not know`, EXIT_FAILURE, 'Is it the same harombe version as this CLI? `harombe status` shows its version.');
  }
  return parsed.data;
}
