// POST /chat (the whole answer at once) and POST /chat/stream (the agent's events as they happen).
import type { AgentEvent, ChatTurnRequest, ChatTurnResponse, DoneEvent } from '../../../shared';
import type { ApprovalMode } from '../../agent/contracts';
import { ApiError, statusForFailureCode } from '../api-error';
import type { ServerServices } from '../services';
import type { TurnRegistry } from '../turn-registry';

export interface ChatDependencies {
  services: ServerServices;
  turns: TurnRegistry;
}

/** Continuing a conversation that does not exist is a 404 before anything runs, not a surprise new one. */
export async function assertConversationExists(services: ServerServices, conversationId: string | undefined): Promise<void> {
  if (conversationId === undefined) return;
  if (await services.conversations.get(conversationId)) return;
  throw new ApiError(404, 'conversation_not_found', `There is no conversation "${conversationId}"`, {
    hint: 'GET /conversations lists the saved ones; leave conversation_id out to start a new conversation.',
  });
}

/** Runs a turn, filing it under its conversation as soon as the id is known, so it can be cancelled. */
async function* trackedTurn(
  { services, turns }: ChatDependencies,
  request: ChatTurnRequest,
  approval: ApprovalMode,
  signal: AbortSignal,
): AsyncGenerator<AgentEvent, void, undefined> {
  const turn = turns.begin(signal, request.conversation_id);
  try {
    const events = services.turns.runTurn({
      message: request.message,
      approval,
      signal: turn.signal,
      ...(request.conversation_id ? { conversationId: request.conversation_id } : {}),
    });
    for await (const event of events) {
      if ('conversation_id' in event) turn.attach(event.conversation_id);
      yield event;
    }
  } finally {
    turn.end();
  }
}

/** Nobody can be asked over plain /chat: dangerous tools are denied unless the config opted out of confirming. */
export function unattendedApproval(services: ServerServices): ApprovalMode {
  return services.config.get().tools.confirm_dangerous ? 'deny' : 'allow';
}

export async function chatOnce(dependencies: ChatDependencies, request: ChatTurnRequest, signal: AbortSignal): Promise<ChatTurnResponse> {
  await assertConversationExists(dependencies.services, request.conversation_id);
  let done: DoneEvent | undefined;
  for await (const event of trackedTurn(dependencies, request, unattendedApproval(dependencies.services), signal)) {
    if (event.type === 'done') done = event;
    if (event.type === 'error') {
      throw new ApiError(statusForFailureCode(event.code), event.code, event.message, event.hint ? { hint: event.hint } : {});
    }
  }
  if (!done) {
    throw new ApiError(500, 'internal', 'The agent stopped without an answer', {
      hint: 'This is a bug in harombe; the server log may say more. Please report it.',
    });
  }
  return {
    response: done.response,
    conversation_id: done.conversation_id,
    steps: done.steps,
    ...(done.usage ? { usage: done.usage } : {}),
    ...(done.cancelled ? { cancelled: true } : {}),
  };
}

export async function chatStream(dependencies: ChatDependencies, request: ChatTurnRequest, signal: AbortSignal): Promise<AsyncIterable<AgentEvent>> {
  await assertConversationExists(dependencies.services, request.conversation_id);
  // The client is attached: dangerous calls arrive as confirm_required and wait for POST /confirmations/:id.
  return trackedTurn(dependencies, request, 'ask', signal);
}
