// Server state of approvals: the confirmations waiting on a person (polled, so answers elsewhere show), and answering one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConfirmationDecision } from '../../../../../shared/agent-events';
import { api } from '../../../lib/api';

export const approvalKeys = {
  pending: ['confirmations'] as const,
  workspace: ['config', 'workspace'] as const,
};

/** Every 3 s: a card answered in another window or the CLI, or timed out, stops offering buttons soon after. */
export function usePendingConfirmations() {
  return useQuery({ queryKey: approvalKeys.pending, queryFn: () => api().call('confirmations.list'), refetchInterval: 3000 });
}

/** The folder tools act in, for the card (the server's default when the config names none). */
export function useWorkspace() {
  return useQuery({
    queryKey: approvalKeys.workspace,
    queryFn: async () => (await api().call('config.get')).config.tools.workspace ?? 'the server’s workspace ($HAROMBE_HOME/workspace)',
    staleTime: 60_000,
  });
}

export interface AnswerConfirmation {
  confirmationId: string;
  decision: ConfirmationDecision;
}

export function useAnswerConfirmation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ confirmationId, decision }: AnswerConfirmation) => api().call('confirmations.answer', { params: { id: confirmationId }, input: { decision } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: approvalKeys.pending }),
  });
}
