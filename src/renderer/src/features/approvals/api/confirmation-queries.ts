// Server state of approvals: the confirmations waiting on a person (polled, so answers elsewhere show), and answering one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConfirmationDecision } from '../../../../../shared/agent-events';
import type { AlwaysAllowScope, AlwaysAllowWhere } from '../../../../../shared/approval-schema';
import { api } from '../../../lib/api';
import { useSettledConfirmations } from '../stores/settled-confirmations';

export const approvalKeys = {
  pending: ['confirmations'] as const,
  workspace: ['config', 'workspace'] as const,
  /** tools.approvals as GET /approvals/rules lists them (Settings shows them). */
  rules: ['approvals', 'rules'] as const,
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
  /** always_allow: the scope chosen among those offered, and where the rule is kept. */
  scope?: AlwaysAllowScope;
  where?: AlwaysAllowWhere;
}

export function useAnswerConfirmation() {
  const queryClient = useQueryClient();
  const addSettled = useSettledConfirmations((state) => state.add);
  return useMutation({
    mutationFn: ({ confirmationId, decision, scope, where }: AnswerConfirmation) =>
      api().call('confirmations.answer', {
        params: { id: confirmationId },
        input: { decision, ...(scope ? { scope } : {}), ...(where ? { where } : {}), surface: 'window' },
      }),
    onSuccess: (answered) => {
      // Other calls the new rule covers ran with this answer: their cards go, rather than say "allowed elsewhere".
      addSettled(answered.also_settled ?? []);
      if (answered.where === 'everywhere') {
        void queryClient.invalidateQueries({ queryKey: approvalKeys.rules });
        void queryClient.invalidateQueries({ queryKey: ['config'] });
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: approvalKeys.pending }),
  });
}
