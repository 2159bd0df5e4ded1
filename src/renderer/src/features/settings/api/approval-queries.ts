// Server state of the Approvals and MCP sections: the rules (GET /approvals/rules), revoking one, and GET /tools'
// MCP servers (read every 2 s while one is starting, so its status follows without a reload).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { settingsKeys } from './config-queries';

export const approvalSettingsKeys = {
  /** The same key the approval card refreshes after an "always allow … everywhere". */
  rules: ['approvals', 'rules'] as const,
  tools: ['tools'] as const,
};

export function useApprovalRules() {
  return useQuery({ queryKey: approvalSettingsKeys.rules, queryFn: () => api().call('approvals.rules.list'), retry: false });
}

export function useRevokeRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api().call('approvals.rules.remove', { params: { id } }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: approvalSettingsKeys.rules });
      // tools.approvals is in harombe.yaml: the config form shows the file as it is now.
      void queryClient.invalidateQueries({ queryKey: settingsKeys.config, exact: true });
    },
  });
}

const SETTLING = new Set(['starting', 'restarting']);

export function useToolsStatus() {
  return useQuery({
    queryKey: approvalSettingsKeys.tools,
    queryFn: () => api().call('tools.list'),
    refetchInterval: (query) => (query.state.data?.mcp_servers.some((server) => SETTLING.has(server.status)) ? 2000 : false),
  });
}
