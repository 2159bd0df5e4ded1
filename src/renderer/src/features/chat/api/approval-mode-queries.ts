// A conversation's approval mode: picked in this tab, else its own (saved), else tools.approval_mode; a change to a
// saved conversation is sent at once (PUT /conversations/:id/approval-mode), a new one's goes with its first turn.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Conversation } from '../../../../../shared/conversation-schema';
import type { ApprovalModeName } from '../../../../../shared/config-schema';
import { api } from '../../../lib/api';
import { NEW_CONVERSATION, useChatStore } from '../stores/chat-store';
import { chatKeys, useConversation } from './conversation-queries';

/** tools.approval_mode: the mode a conversation without its own starts in. */
export function useDefaultApprovalMode(): ApprovalModeName | undefined {
  const config = useQuery({ queryKey: chatKeys.config, queryFn: () => api().call('config.get'), staleTime: 30_000 });
  return config.data?.config.tools.approval_mode;
}

export interface ConversationApprovalMode {
  mode: ApprovalModeName;
  change(mode: ApprovalModeName): void;
  /** Why the server did not take a change (it still goes with the next message). */
  error: string | undefined;
}

export function useConversationApprovalMode(conversationKey: string): ConversationApprovalMode {
  const conversationId = conversationKey === NEW_CONVERSATION ? undefined : conversationKey;
  const picked = useChatStore((state) => state.approvalModes[conversationKey]);
  const setApprovalMode = useChatStore((state) => state.setApprovalMode);
  const conversation = useConversation(conversationId);
  const defaultMode = useDefaultApprovalMode();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: ({ id, mode }: { id: string; mode: ApprovalModeName }) => api().call('conversations.approval_mode', { params: { id }, input: { approval_mode: mode } }),
    onSuccess: (saved) =>
      queryClient.setQueryData<Conversation>(chatKeys.conversation(saved.conversation_id), (current) =>
        current ? { ...current, ...(saved.approval_mode ? { approval_mode: saved.approval_mode } : {}) } : current,
      ),
  });
  return {
    mode: picked ?? conversation.data?.approval_mode ?? defaultMode ?? 'ask',
    change: (mode) => {
      setApprovalMode(conversationKey, mode);
      if (conversationId) save.mutate({ id: conversationId, mode });
    },
    error: save.isError ? `${save.error.message} — the mode goes with your next message instead.` : undefined,
  };
}
