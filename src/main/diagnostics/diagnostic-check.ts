// Building blocks for doctor's checks: one constructor per outcome, and whether a list of checks passed.
import type { DiagnosticCheck } from '../../shared';
import { formatDuration } from '../../shared/format';

export type { CheckStatus, DiagnosticCheck, DoctorReport } from '../../shared';

type Extra = Pick<DiagnosticCheck, 'problems' | 'fix'>;

function make(status: DiagnosticCheck['status'], id: string, name: string, detail: string, extra: Partial<Extra> = {}): DiagnosticCheck {
  return {
    id,
    name,
    status,
    detail,
    ...(extra.problems && extra.problems.length > 0 ? { problems: extra.problems } : {}),
    ...(extra.fix ? { fix: extra.fix } : {}),
  };
}

export const passed = (id: string, name: string, detail: string, extra?: Partial<Extra>) => make('pass', id, name, detail, extra);
export const warned = (id: string, name: string, detail: string, extra?: Partial<Extra>) => make('warn', id, name, detail, extra);
export const failed = (id: string, name: string, detail: string, extra?: Partial<Extra>) => make('fail', id, name, detail, extra);
export const skipped = (id: string, name: string, detail: string) => make('skip', id, name, detail);

/** Doctor succeeds when nothing failed; warnings and skipped checks do not count against it. */
export function allPassed(checks: readonly DiagnosticCheck[]): boolean {
  return checks.every((check) => check.status !== 'fail');
}


/** A failed request in words: a timeout, nothing listening, or the error's own message. */
export function describeRequestFailure(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer from ${url} within ${formatDuration(timeoutMs)}`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code === 'ECONNREFUSED') return `nothing is listening at ${url}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the host name in ${url}`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `no route to ${url}`;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot reach ${url} (${code ?? (typeof cause?.message === 'string' ? cause.message : message)})`;
}
