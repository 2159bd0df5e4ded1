// The approvals endpoints: a conversation's approval mode and the tools.approvals rules (list, add, remove).
import { ApiError } from '../api-error';

/** Until the approvals service lands: the endpoint is declared so clients can be built against it. */
export function notYet(what: string): never {
  throw new ApiError(501, 'not_implemented', `${what} is not available in this build yet`, { hint: 'Update harombe.' });
}
