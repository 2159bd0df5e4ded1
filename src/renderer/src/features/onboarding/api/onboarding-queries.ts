// Server state of onboarding: whether the model can answer (/health, polled while it cannot), this machine, its
// models, and setting the model (PUT /config, which the server applies without a restart).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HarombeConfig } from '../../../../../shared/config-schema';
import { api } from '../../../lib/api';

export const onboardingKeys = {
  health: ['health'] as const,
  hardware: ['hardware'] as const,
  // Shared with the chat's model picker, so a model set here shows there at once.
  models: ['models'] as const,
  config: ['config'] as const,
};

/** How often /health is asked while the model cannot answer: the chat comes back within a few seconds of Ollama. */
export const RECHECK_MS = 2000;

export function useHealth() {
  return useQuery({
    queryKey: onboardingKeys.health,
    queryFn: () => api().call('health.get'),
    retry: false,
    refetchInterval: (query) => (query.state.data?.status === 'healthy' ? 15_000 : RECHECK_MS),
  });
}

export function useHardware() {
  return useQuery({ queryKey: onboardingKeys.hardware, queryFn: () => api().call('hardware.get'), staleTime: Number.POSITIVE_INFINITY, retry: false });
}

export function useInstalledModels(enabled: boolean) {
  return useQuery({ queryKey: onboardingKeys.models, queryFn: () => api().call('models.list'), enabled, retry: false, refetchInterval: RECHECK_MS * 2 });
}

/** The config with `model.name` changed: only that key is written to harombe.yaml (the rest and its comments stay). */
export function withModel(config: HarombeConfig, name: string): HarombeConfig {
  return { ...config, model: { ...config.model, name } };
}

export function useSetModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => {
      const { config } = await api().call('config.get');
      return api().call('config.put', { input: { config: withModel(config, name) } });
    },
    onSettled: async () => {
      await Promise.all(Object.values(onboardingKeys).map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
}
