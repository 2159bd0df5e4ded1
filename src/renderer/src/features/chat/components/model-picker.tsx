// The model the next turn asks for, from what GET /models lists; the configured one unless another is picked.
import { useModels } from '../api/conversation-queries';
import { useChatStore } from '../stores/chat-store';
import './turn-actions.css';

export function ModelPicker() {
  const models = useModels();
  const nextModel = useChatStore((state) => state.nextModel);
  const setNextModel = useChatStore((state) => state.setNextModel);
  const list = models.data?.models ?? [];
  // Nothing to choose between (or the backend cannot say): the composer says why it cannot send, if it cannot.
  if (list.length < 2) return null;
  const configured = models.data?.configured;
  return (
    <label className="model-picker">
      Model
      <select value={nextModel ?? ''} onChange={(event) => setNextModel(event.target.value === '' ? undefined : event.target.value)}>
        <option value="">{configured ? `${configured} (configured)` : 'configured'}</option>
        {list
          .filter((model) => model.name !== configured)
          .map((model) => (
            <option key={model.name} value={model.name}>
              {model.name}
            </option>
          ))}
      </select>
    </label>
  );
}
