// One handler per contract endpoint; the `Handlers<ApiContract>` type makes a missing one a compile error.
import type { ApiContract, MetricsResponse } from '../../shared';
import { ApiError } from './api-error';
import { chatOnce, chatStream, type ChatDependencies } from './handlers/chat';
import { getConfig, putConfig } from './handlers/config';
import { listModels, pullModel } from './handlers/models';
import type { Handlers } from './implement';
import { listOpenAiModels } from './openai-compat/model-list';
import { relayChatCompletion } from './openai-compat/relay-chat-completion';

export function emptyMetrics(): MetricsResponse {
  return {
    nodes: [],
    cluster_summary: {
      total_nodes: 0,
      healthy_nodes: 0,
      total_requests: 0,
      average_success_rate: 0,
      average_latency_ms: 0,
      total_tokens: 0,
      tokens_per_second: 0,
    },
  };
}

function conversationNotFound(id: string): ApiError {
  return new ApiError(404, 'conversation_not_found', `There is no conversation "${id}"`, {
    hint: 'GET /conversations lists the saved ones.',
  });
}

export function createHandlers(dependencies: ChatDependencies): Handlers<ApiContract> {
  const { services, turns } = dependencies;
  return {
    'health.get': () => ({
      status: 'healthy',
      model: services.activeModel(),
      version: __HAROMBE_VERSION__,
      node: services.node,
      uptime_seconds: Math.round(process.uptime()),
      pid: process.pid,
    }),

    'chat.post': ({ input, signal }) => chatOnce(dependencies, input, signal),
    'chat.stream': ({ input, signal }) => chatStream(dependencies, input, signal),

    'metrics.get': () => services.metrics?.snapshot() ?? emptyMetrics(),

    'conversations.list': async () => ({ conversations: await services.conversations.list() }),
    'conversations.get': async ({ params }) => {
      const conversation = await services.conversations.get(params.id);
      if (!conversation) throw conversationNotFound(params.id);
      return conversation;
    },
    'conversations.delete': async ({ params }) => {
      // A running turn would save the conversation again when it ends: stop it first.
      if (turns.cancel(params.id)) await turns.settled(params.id);
      if (!(await services.conversations.delete(params.id))) throw conversationNotFound(params.id);
      return { id: params.id, deleted: true };
    },
    'conversations.cancel': async ({ params }) => {
      const cancelled = turns.cancel(params.id);
      if (!cancelled && !(await services.conversations.get(params.id))) throw conversationNotFound(params.id);
      return { conversation_id: params.id, cancelled };
    },

    'confirmations.list': () => ({ confirmations: services.confirmations.pending() }),
    'confirmations.answer': ({ params, input }) => {
      if (!services.confirmations.answer(params.id, input.decision)) {
        throw new ApiError(404, 'confirmation_not_found', `No confirmation "${params.id}" is waiting`, {
          hint: 'It may have been answered already, expired, or its turn was cancelled; GET /confirmations lists the waiting ones.',
        });
      }
      return { confirmation_id: params.id, decision: input.decision };
    },

    'tools.list': () => {
      const config = services.config.get();
      const sandbox = services.sandbox?.();
      return {
        tools: services.tools.list(),
        confirm_dangerous: config.tools.confirm_dangerous,
        sandbox: { mode: config.tools.sandbox, ...(sandbox ? { active: sandbox.mode, detail: sandbox.reason } : {}) },
      };
    },

    'models.list': ({ signal }) => listModels(services, signal),
    'models.pull': ({ input, signal }) => pullModel(services, input.name, signal),

    'hardware.get': () => {
      if (!services.hardware) {
        throw new ApiError(503, 'not_available', 'Hardware detection is not available in this server', {
          hint: 'Run `harombe init` to see the hardware report in the terminal.',
        });
      }
      return services.hardware.report();
    },

    'config.get': () => getConfig(services.config),
    'config.put': ({ input }) => putConfig(services.config, input.config),

    'openai.chat_completions': ({ input, signal, deadlineMs }) =>
      relayChatCompletion(input, signal, { resolver: services.upstream, fetch: services.fetch ?? fetch, deadlineMs }),
    'openai.models': ({ signal }) => listOpenAiModels(services.upstream, signal),
  };
}
