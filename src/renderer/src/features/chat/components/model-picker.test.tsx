// @vitest-environment jsdom
// The model picker: on one machine the backend's models (the configured one first); on a cluster coordinator the
// router's choice first, then the models its nodes serve — what the server accepts for the next turn.
import '../../../lib/testing/dom-test-setup';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelsResponse } from '../../../../../shared/api-contract';
import { chatKeys } from '../api/conversation-queries';
import { useChatStore } from '../stores/chat-store';
import { ModelPicker } from './model-picker';

const localModels: ModelsResponse = {
  configured: 'qwen2.5:7b',
  models: [
    { name: 'qwen2.5:7b', configured: true },
    { name: 'llama3.2:3b', configured: false },
  ],
} as ModelsResponse;

/** The picker over cached answers (nothing fetched): GET /models, and GET /cluster/nodes's models or its 404. */
function renderPicker(models: ModelsResponse, clusterModels: string[] | 'not a cluster') {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false, enabled: false } } });
  client.setQueryData(chatKeys.models, models);
  if (clusterModels !== 'not a cluster') client.setQueryData(chatKeys.clusterModels, clusterModels);
  render(
    <QueryClientProvider client={client}>
      <ModelPicker />
    </QueryClientProvider>,
  );
}

const options = () => screen.getAllByRole('option').map((option) => option.textContent);

afterEach(() => useChatStore.getState().setNextModel(undefined));

describe('ModelPicker', () => {
  it("on one machine offers the backend's models, the configured one first, and picks the next turn's model", async () => {
    renderPicker(localModels, 'not a cluster');
    expect(options()).toEqual(['qwen2.5:7b (configured)', 'llama3.2:3b']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Model' }), 'llama3.2:3b');
    expect(useChatStore.getState().nextModel).toBe('llama3.2:3b');
  });

  it('on one machine with a single model offers nothing to pick', () => {
    renderPicker({ configured: 'qwen2.5:7b', models: [{ name: 'qwen2.5:7b', configured: true }] } as ModelsResponse, 'not a cluster');
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it("on a cluster coordinator offers the router's choice, then the models its nodes serve (not the local backend's)", async () => {
    renderPicker(localModels, ['qwen2.5:3b', 'qwen2.5:72b']);
    expect(options()).toEqual(['auto (the router picks a node)', 'qwen2.5:3b', 'qwen2.5:72b']);
    const picker = screen.getByRole('combobox', { name: 'Model' });
    await userEvent.selectOptions(picker, 'qwen2.5:72b');
    expect(useChatStore.getState().nextModel).toBe('qwen2.5:72b');
    await userEvent.selectOptions(picker, 'auto (the router picks a node)');
    expect(useChatStore.getState().nextModel).toBeUndefined();
  });
});
