// One handler per contract endpoint; the `Handlers<ApiContract>` type makes a missing one a compile error.
import type { ApiContract } from '../../shared';
import { ApiError } from './api-error';
import { chatOnce, chatStream, type ChatDependencies } from './handlers/chat';
import { addNode, drainNode, listNodes, removeNode, requireCluster, routeMessage, testExistingNode, testNodeDefinition } from './handlers/cluster';
import { addRule, answer, listRules, removeRule, setConversationMode } from './handlers/approvals';
import { listAudit } from './handlers/audit';
import { discoverServers } from './handlers/cluster-discover';
import { clusterEventStream } from './handlers/cluster-events';
import { followConversation } from './handlers/conversation-events';
import { getConfig, putConfig, reloadConfig } from './handlers/config';
import { getHealth } from './handlers/health';
import { getMetrics } from './handlers/metrics';
import { listModels, pullModel } from './handlers/models';
import type { Handlers } from './implement';
import { listOpenAiModels } from './openai-compat/model-list';
import { relayChatCompletion } from './openai-compat/relay-chat-completion';
import type { UpstreamResolver } from './openai-compat/upstream-resolver';
import { isLoopbackAddress } from './security';
import { nodeResponseOf, remoteAddressOf } from './server-env';
import type { ServerServices } from './services';

export { emptyMetrics } from './handlers/metrics';

/** Where /v1 goes: through the cluster when this node coordinates one (read per request), else services.upstream. */
function upstreamResolver(services: ServerServices): () => UpstreamResolver {
  return () => services.cluster?.()?.upstream ?? services.upstream;
}

function conversationNotFound(id: string): ApiError {
  return new ApiError(404, 'conversation_not_found', `There is no conversation "${id}"`, {
    hint: 'GET /conversations lists the saved ones.',
  });
}

export function createHandlers(dependencies: ChatDependencies): Handlers<ApiContract> {
  const { services, turns } = dependencies;
  const upstream = upstreamResolver(services);
  return {
    'health.get': ({ context }) => getHealth(services, isLoopbackAddress(remoteAddressOf(context))),

    'chat.post': ({ input, signal }) => chatOnce(dependencies, input, signal),
    'chat.stream': ({ input, signal }) => chatStream(dependencies, input, signal),

    'metrics.get': ({ query, context }) => getMetrics(services, query.format, context.req.header('accept')),

    'conversations.list': async () => ({ conversations: await services.conversations.list() }),
    'conversations.get': async ({ params }) => {
      const conversation = await services.conversations.get(params.id);
      if (!conversation) throw conversationNotFound(params.id);
      return turns.isRunning(params.id) ? { ...conversation, running: true } : conversation;
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

    'conversations.events': ({ params, signal }) => followConversation(services, turns, params.id, signal),
    'conversations.approval_mode': ({ params, input }) => setConversationMode(services, params.id, input.approval_mode),
    'approvals.rules.list': () => listRules(services),
    'approvals.rules.add': ({ input }) => addRule(services, input),
    'approvals.rules.remove': ({ params }) => removeRule(services, params.id),

    'confirmations.list': () => ({ confirmations: services.confirmations.pending() }),
    'confirmations.answer': ({ params, input }) => answer(services, params.id, input),

    'audit.list': ({ query }) => listAudit(services, query),

    'tools.list': () => {
      const config = services.config.get();
      const sandbox = services.sandbox?.();
      const tools = services.tools.list();
      // Only worth a warning when there is a shell to run unconfined.
      const warning = sandbox?.mode === 'none' && tools.some((tool) => tool.name === 'shell') ? sandbox.warning : undefined;
      return {
        tools,
        mcp_servers: services.mcpServers?.() ?? [],
        confirm_dangerous: config.tools.confirm_dangerous,
        sandbox: { mode: config.tools.sandbox, ...(sandbox ? { active: sandbox.mode, detail: sandbox.reason } : {}), ...(warning ? { warning } : {}) },
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
    'config.reload': () => reloadConfig(services.config),

    'cluster.nodes.list': () => listNodes(services),
    'cluster.nodes.add': ({ input }) => addNode(services, input),
    'cluster.nodes.remove': ({ params, query }) => removeNode(services, params.name, query.save ?? false),
    'cluster.nodes.drain': ({ params, input }) => drainNode(services, params.name, input),
    'cluster.nodes.test': ({ input, signal }) => testNodeDefinition(services, input, signal),
    'cluster.nodes.test_one': ({ params, signal }) => testExistingNode(services, params.name, signal),
    'cluster.discover': ({ input }) => discoverServers(services, input),
    'cluster.route': ({ input }) => routeMessage(services, input),
    'cluster.events': ({ signal }) => clusterEventStream(requireCluster(services), signal),

    'openai.chat_completions': ({ input, signal, deadlineMs, context }) => {
      const outgoing = nodeResponseOf(context);
      return relayChatCompletion(input, signal, {
        resolver: upstream(),
        deadlineMs,
        headers: context.req.raw.headers,
        ...(services.fetch ? { fetch: services.fetch } : {}),
        ...(outgoing ? { cutClient: () => outgoing.destroy() } : {}),
      });
    },
    'openai.models': ({ signal }) => listOpenAiModels(upstream(), signal),
  };
}
