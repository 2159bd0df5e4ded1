// GET /conversations/:id/events: follow the turn running in a conversation (a reloaded window rejoins its answer).
import type { AgentEvent } from '../../../shared';
import { ApiError } from '../api-error';
import type { ServerServices } from '../services';
import type { TurnRegistry } from '../turn-registry';

/** The running turn's events so far, then live, ending with the turn; 404 when nothing runs there (read the saved conversation). */
export async function followConversation(
  services: ServerServices,
  turns: TurnRegistry,
  conversationId: string,
  signal: AbortSignal,
): Promise<AsyncIterable<AgentEvent>> {
  const events = turns.followEvents(conversationId, signal);
  if (events) return events;
  const exists = (await services.conversations.get(conversationId)) !== undefined;
  throw exists
    ? new ApiError(404, 'turn_not_running', `No turn is running in conversation "${conversationId}"`, {
        hint: 'It has finished (or never started): GET /conversations/:id has everything it said.',
      })
    : new ApiError(404, 'conversation_not_found', `There is no conversation "${conversationId}"`, {
        hint: 'GET /conversations lists the saved ones.',
      });
}
