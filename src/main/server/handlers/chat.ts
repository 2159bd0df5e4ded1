// POST /chat (the whole answer at once) and POST /chat/stream (the agent's events as they happen).
import type { AgentEvent, ChatTurnRequest, ChatTurnResponse, DoneEvent } from '../../../shared';
import { replaceFromProblem, type Attendance } from '../../agent/contracts';
import { ApiError, statusForFailureCode } from '../api-error';
import type { ServerServices } from '../services';
import { detachWhenWaiting } from '../detachable-turn';
import type { RunningTurn, TurnRegistry } from '../turn-registry';
import { listModels } from './models';

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

/** replace_from must point at a user message of the conversation: 400 before anything runs. */
async function assertReplaceable(services: ServerServices, request: ChatTurnRequest): Promise<void> {
  if (request.replace_from === undefined || request.conversation_id === undefined) return;
  const conversation = await services.conversations.get(request.conversation_id);
  const problem = replaceFromProblem(conversation?.messages ?? [], request.replace_from);
  if (problem === undefined) return;
  throw new ApiError(400, 'invalid_replace_from', problem, {
    hint: 'replace_from is the index of a user message in GET /conversations/:id (0 is the first message).',
  });
}

/** The models a turn may name: a coordinator's are `auto` and what its nodes serve (the router picks the node); else the backend's. */
async function choosableModels(services: ServerServices, signal: AbortSignal): Promise<string[]> {
  const cluster = services.cluster?.();
  if (cluster) return ['auto', ...new Set(cluster.nodes().flatMap((node) => [node.model, ...node.health.served_models]))];
  return (await listModels(services, signal)).models.map((model) => model.name);
}

/** A chosen model must be one the backend has: 400 with the list otherwise. */
async function assertModelAvailable(services: ServerServices, model: string | undefined, signal: AbortSignal): Promise<void> {
  if (model === undefined) return;
  const names = await choosableModels(services, signal);
  if (names.includes(model)) return;
  throw new ApiError(400, 'unknown_model', `The backend has no model "${model}"`, {
    hint: names.length > 0 ? `Available: ${names.join(', ')}. GET /models lists them.` : 'The backend has no models; pull one with POST /models/pull.',
  });
}

/** Everything a turn request can be refused for before it runs. */
async function assertRunnable(services: ServerServices, request: ChatTurnRequest, signal: AbortSignal): Promise<void> {
  await assertConversationExists(services, request.conversation_id);
  await assertReplaceable(services, request);
  await assertModelAvailable(services, request.model, signal);
}

/** Runs a turn, filing it under its conversation as soon as the id is known (its `start` event), so it can be cancelled. */
async function* runFiled(
  services: ServerServices,
  turn: RunningTurn,
  request: ChatTurnRequest,
  attendance: Attendance,
): AsyncGenerator<AgentEvent, void, undefined> {
  const events = services.turns.runTurn({
    message: request.message,
    attendance,
    ...(request.approval_mode ? { approvalMode: request.approval_mode } : {}),
    ...(request.replace_from !== undefined ? { replaceFrom: request.replace_from } : {}),
    ...(request.model ? { model: request.model } : {}),
    signal: turn.signal,
    ...(request.conversation_id ? { conversationId: request.conversation_id } : {}),
  });
  for await (const event of events) {
    if ('conversation_id' in event) turn.attach(event.conversation_id);
    turn.record(event);
    yield event;
  }
}

/** A turn tied to its request: it ends (and is forgotten) with the request. */
async function* trackedTurn(
  { services, turns }: ChatDependencies,
  request: ChatTurnRequest,
  attendance: Attendance,
  signal: AbortSignal,
): AsyncGenerator<AgentEvent, void, undefined> {
  const turn = turns.begin(signal, request.conversation_id);
  try {
    yield* runFiled(services, turn, request, attendance);
  } finally {
    turn.end();
  }
}

/** Nobody can be asked over plain /chat: dangerous tools are denied unless the config opted out of confirming. */
export function unattendedApproval(services: ServerServices): Attendance {
  return services.config.get().tools.confirm_dangerous ? 'deny' : 'allow';
}

export async function chatOnce(dependencies: ChatDependencies, request: ChatTurnRequest, signal: AbortSignal): Promise<ChatTurnResponse> {
  await assertRunnable(dependencies.services, request, signal);
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
  await assertRunnable(dependencies.services, request, signal);
  // The client is attached: dangerous calls arrive as confirm_required and wait for POST /confirmations/:id. A turn
  // waiting for one outlives its stream (detachable-turn.ts); any other is cancelled when the stream closes.
  const stop = new AbortController();
  const turn = dependencies.turns.begin(stop.signal, request.conversation_id);
  const events = runFiled(dependencies.services, turn, request, 'ask');
  return detachWhenWaiting(events, {
    clientSignal: signal,
    cancel: () => stop.abort(new Error('the client closed the stream')),
    onEnd: () => turn.end(),
    graceMs: request.rejoin_grace_ms ?? 0,
    isFollowed: () => turn.isFollowed(),
  });
}
