// Server state of the chat: conversations and models through TanStack Query (one key factory, mutations invalidate).
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';

export const chatKeys = {
  conversations: ['conversations'] as const,
  conversation: (id: string) => ['conversations', id] as const,
  models: ['models'] as const,
  clusterModels: ['cluster', 'models'] as const,
  config: ['config'] as const,
};

/**
 * `expected`: a conversation the list must come to hold (the one open, just started): while it is missing — the list
 * was read before the server saved it — the list is read again each second.
 */
export function useConversationList(expected?: string) {
  return useQuery({
    queryKey: chatKeys.conversations,
    queryFn: () => api().call('conversations.list'),
    refetchInterval: (query) =>
      expected !== undefined && query.state.data !== undefined && !query.state.data.conversations.some((conversation) => conversation.id === expected) ? 1000 : false,
  });
}

/** The saved conversation; a turn running there that this tab does not read is followed live (followTurn), not polled. */
export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: chatKeys.conversation(id ?? ''),
    queryFn: () => api().call('conversations.get', { params: { id: id! } }),
    enabled: id !== undefined,
  });
}

/** What would answer: the configured model, or why nothing can (Ollama down, model not pulled). */
export function useModels() {
  return useQuery({ queryKey: chatKeys.models, queryFn: () => api().call('models.list'), retry: false, refetchInterval: (query) => (query.state.status === 'error' ? 5000 : false) });
}

/**
 * On a cluster coordinator, the models its nodes serve (what a turn may ask for besides the router's choice); undefined
 * on a single machine (GET /cluster/nodes answers 404 there). Read once: the picker need not follow node changes live.
 */
export function useClusterModels() {
  return useQuery({
    queryKey: chatKeys.clusterModels,
    queryFn: async () => {
      const { nodes } = await api().call('cluster.nodes.list');
      return [...new Set(nodes.flatMap((node) => [node.model, ...node.health.served_models]))];
    },
    retry: false,
    staleTime: 60_000,
  });
}

export function useDeleteConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api().call('conversations.delete', { params: { id } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.conversations }),
  });
}

/**
 * Every listed conversation's messages, for searching their text (fetched only while a search is typed, and shared
 * with the conversation view's cache). A server-side search would scale better; this needs no new endpoint.
 */
export function useSearchableConversations(ids: readonly string[], enabled: boolean) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: chatKeys.conversation(id),
      queryFn: () => api().call('conversations.get', { params: { id } }),
      enabled,
      staleTime: 30_000,
    })),
  });
}
