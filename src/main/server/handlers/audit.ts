// GET /audit: the audit log read back (dangerous and rule-decided calls, who decided, how they ended), filtered, newest last.
import type { AuditQueryParameters, AuditResponse } from '../../../shared';
import { parseSince } from '../../../shared/audit-since';
import { ApiError } from '../api-error';
import type { ServerServices } from '../services';

export async function listAudit(services: ServerServices, query: AuditQueryParameters): Promise<AuditResponse> {
  if (!services.audit) {
    throw new ApiError(503, 'not_available', 'This server keeps no audit log', {
      hint: 'The audit log is $HAROMBE_HOME/audit.log of a harombe started with `harombe start`; `harombe audit` reads it.',
    });
  }
  const since = query.since === undefined ? undefined : parseSince(query.since, new Date());
  const { entries, skipped, file } = await services.audit.read({
    ...(query.conversation !== undefined ? { conversation: query.conversation } : {}),
    ...(since ? { since } : {}),
    ...(query.tool !== undefined ? { tool: query.tool } : {}),
    ...(query.decision !== undefined ? { decision: query.decision } : {}),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
  });
  return { entries, skipped, file };
}
