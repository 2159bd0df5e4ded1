// Server state of settings: the config in use (GET /config) and saving it (PUT /config, comments in the file kept).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HarombeConfig } from '../../../../../shared/config-schema';
import { api } from '../../../lib/api';

export const settingsKeys = { config: ['config'] as const };

export function useConfig() {
  return useQuery({ queryKey: settingsKeys.config, queryFn: () => api().call('config.get'), refetchOnWindowFocus: false });
}

export function useSaveConfig() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (config: HarombeConfig) => api().call('config.put', { input: { config } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKeys.config, saved);
      // The model, the tools and the health all follow the config.
      for (const queryKey of [['models'], ['health'], ['tools']]) void queryClient.invalidateQueries({ queryKey });
    },
  });
}

/** The models Ollama has, offered in the model box (shared with the chat's picker; none while Ollama is down). */
export function useModelNames(): string[] | undefined {
  const models = useQuery({ queryKey: ['models'], queryFn: () => api().call('models.list'), retry: false });
  return models.data?.models.map((model) => model.name);
}
