// Onboarding: shown in the chat's place while this node's model cannot answer — Ollama down (what to run), or the model
// not pulled (this machine, installed models, models to download, the download itself).
import { useQueryClient } from '@tanstack/react-query';
import { InlineCodeText } from '../../../components/ui/inline-code-text';
import { ApiRequestError } from '../../../../../shared/api-client';
import { useSession } from '../../../lib/api';
import { onboardingKeys, useHardware, useHealth, useInstalledModels, useSetModel } from '../api/onboarding-queries';
import { operatingSystemOf } from '../model/ollama-setup';
import { usePullStore } from '../stores/pull-store';
import { HardwareSummary } from './hardware-summary';
import { ModelLists } from './model-lists';
import { OllamaDown } from './ollama-down';
import { PullPanel } from './pull-panel';
import './onboarding.css';

export function OnboardingScreen() {
  const health = useHealth();
  const hardware = useHardware();
  const server = health.data?.model_server;
  const reachable = server?.reachable ?? false;
  const installed = useInstalledModels(reachable);
  const setModel = useSetModel();
  const client = useSession((session) => session.client);
  const queryClient = useQueryClient();
  const pull = usePullStore((state) => state.pull);
  const startPull = usePullStore((state) => state.start);
  const cancelPull = usePullStore((state) => state.cancel);
  const configured = health.data?.model ?? '';
  const os = operatingSystemOf(hardware.data?.profile.platform ?? navigator.userAgent);

  const download = (name: string) =>
    startPull(client, name, () => {
      void queryClient.invalidateQueries({ queryKey: onboardingKeys.models });
      void queryClient.invalidateQueries({ queryKey: onboardingKeys.health });
    });

  return (
    <main className="onboarding-screen">
      <header className="onboarding-header">
        <h1>Set up harombe</h1>
      </header>
      <div className="onboarding-body">
        {!reachable ? (
          <>
            <OllamaDown error={server?.error} hint={server?.hint} os={os} checking={health.isFetching} onCheckNow={() => void health.refetch()} />
            <HardwareSummary hardware={hardware.data} failed={hardware.isError} />
          </>
        ) : (
          <>
            {installed.isError ? (
              // Ollama answers but cannot list its models: saying "not downloaded" would send people the wrong way.
              <p role="alert" className="onboarding-problem">
                <InlineCodeText text={`${installed.error.message}${installed.error instanceof ApiRequestError && installed.error.hint ? ` — ${installed.error.hint}` : ''}`} />
              </p>
            ) : (
              <p role="status" className="onboarding-problem">
                {configured} is not downloaded yet. Pick an installed model, or download one — it takes effect at once, no restart.
              </p>
            )}
            {pull && <PullPanel pull={pull} onCancel={cancelPull} onRetry={() => download(pull.model)} onUse={() => setModel.mutate(pull.model)} />}
            <HardwareSummary hardware={hardware.data} failed={hardware.isError} />
            {setModel.isError && (
              <p role="alert" className="onboarding-problem">
                {setModel.error.message}
              </p>
            )}
            <ModelLists
              installed={installed.data?.models}
              installedFailed={installed.isError}
              configured={configured}
              recommended={hardware.data?.recommendation.model}
              profile={hardware.data?.profile}
              busy={pull?.phase === 'pulling'}
              settingModel={setModel.isPending ? setModel.variables : undefined}
              onUse={(name) => setModel.mutate(name)}
              onDownload={download}
            />
          </>
        )}
      </div>
    </main>
  );
}
