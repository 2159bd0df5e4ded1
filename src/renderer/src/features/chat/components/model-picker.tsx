// The model the next turn asks for: on one machine, what GET /models lists (the configured one unless another is
// picked); on a cluster coordinator, the router's choice unless one of the models its nodes serve is picked.
import type { ModelsResponse } from '../../../../../shared/api-contract';
import { useClusterModels, useModels } from '../api/conversation-queries';
import { useChatStore } from '../stores/chat-store';
import './turn-actions.css';

export interface ModelChoices {
  /** The first option: no model named, so the server decides. */
  defaultLabel: string;
  /** Models that may be named instead (the server accepts exactly these). */
  options: string[];
}

/** What the picker offers; undefined when there is nothing to choose between. */
export function modelChoices(models: ModelsResponse | undefined, clusterModels: readonly string[] | undefined): ModelChoices | undefined {
  // A coordinator routes each turn (by complexity) unless it names a model one of its nodes serves.
  if (clusterModels !== undefined && clusterModels.length > 0) return { defaultLabel: 'auto (the router picks a node)', options: [...clusterModels] };
  const list = models?.models ?? [];
  // Nothing to choose between (or the backend cannot say): the composer says why it cannot send, if it cannot.
  if (list.length < 2) return undefined;
  const configured = models?.configured;
  return {
    defaultLabel: configured ? `${configured} (configured)` : 'configured',
    options: list.map((model) => model.name).filter((name) => name !== configured),
  };
}

export function ModelPicker() {
  const models = useModels();
  const clusterModels = useClusterModels();
  const nextModel = useChatStore((state) => state.nextModel);
  const setNextModel = useChatStore((state) => state.setNextModel);
  const choices = modelChoices(models.data, clusterModels.data);
  if (!choices) return null;
  return (
    <label className="model-picker">
      Model
      <select value={nextModel ?? ''} onChange={(event) => setNextModel(event.target.value === '' ? undefined : event.target.value)}>
        <option value="">{choices.defaultLabel}</option>
        {choices.options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
