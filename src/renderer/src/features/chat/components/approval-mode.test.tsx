// @vitest-environment jsdom
// A conversation's approval mode: the config's default until one is picked; each mode offered with its explanation;
// a saved conversation's change sent at once; Trusted a red banner with the way back to Ask; Chat only says tools are off.
import '../../../lib/testing/dom-test-setup';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../../../../shared/api-client';
import { harombeConfigSchema, type ApprovalModeName } from '../../../../../shared/config-schema';
import { useSession } from '../../../lib/api';
import { useConversationApprovalMode } from '../api/approval-mode-queries';
import { NEW_CONVERSATION, useChatStore } from '../stores/chat-store';
import { ApprovalModeBanner } from './approval-mode-banner';
import { ApprovalModePicker } from './approval-mode-picker';

function Harness({ conversationKey }: { conversationKey: string }) {
  const approvalMode = useConversationApprovalMode(conversationKey);
  return (
    <>
      <ApprovalModeBanner approvalMode={approvalMode} />
      <ApprovalModePicker approvalMode={approvalMode} />
    </>
  );
}

function renderMode(conversationKey: string, { defaultMode = 'ask', saved }: { defaultMode?: ApprovalModeName; saved?: ApprovalModeName } = {}) {
  const call = vi.fn(async (name: string, request?: { params?: { id: string }; input?: { approval_mode: ApprovalModeName | null } }) => {
    if (name === 'config.get') return { config: harombeConfigSchema.parse({ tools: { approval_mode: defaultMode } }), path: '/h/harombe.yaml' };
    if (name === 'conversations.get') return { id: 'conv', title: 't', created_at: '', updated_at: '', messages: [], always_allow: [], ...(saved ? { approval_mode: saved } : {}) };
    if (name === 'conversations.approval_mode') {
      const mode = request!.input!.approval_mode;
      return { conversation_id: request!.params!.id, approval_mode: mode, effective_mode: mode ?? defaultMode };
    }
    throw new Error(`unexpected ${name}`);
  });
  useSession.setState({ client: { call } as unknown as ApiClient });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <Harness conversationKey={conversationKey} />
    </QueryClientProvider>,
  );
  return call;
}

const trigger = () => screen.getByRole('button', { name: /^Approval mode:/ });

async function pick(label: RegExp) {
  trigger().focus();
  await userEvent.keyboard('{Enter}');
  await userEvent.click(await screen.findByRole('menuitemradio', { name: label }));
}

describe('the approval mode', () => {
  beforeEach(() => useChatStore.setState({ approvalModes: {}, liveTurns: {}, selected: NEW_CONVERSATION }));

  it("starts in the config's default, and offers the four modes each with its one-line explanation", async () => {
    renderMode(NEW_CONVERSATION, { defaultMode: 'rules_only' });
    await waitFor(() => expect(trigger()).toHaveAccessibleName('Approval mode: Rules only'));
    trigger().focus();
    await userEvent.keyboard('{Enter}');
    const items = await screen.findAllByRole('menuitemradio');
    expect(items.map((item) => item.textContent)).toEqual([
      'AskSafe tools run; anything dangerous waits for you unless a rule allows it.',
      'Rules only (current)Only what a rule allows runs; every other call, safe ones too, waits for you.',
      'TrustedEvery tool runs without asking; only deny rules still refuse.',
      'Chat onlyNo tools at all: the model only talks.',
    ]);
    expect(items[2]).toHaveAccessibleDescription('Every tool runs without asking; only deny rules still refuse.');
  });

  it('a saved conversation shows its own mode, and a change is sent to the server at once', async () => {
    const call = renderMode('conv', { saved: 'chat_only' });
    await waitFor(() => expect(trigger()).toHaveAccessibleName('Approval mode: Chat only'));
    expect(screen.getByRole('region', { name: 'Chat only mode' })).toHaveTextContent('Chat only: tools are off.');
    await pick(/^Ask/);
    expect(call).toHaveBeenCalledWith('conversations.approval_mode', { params: { id: 'conv' }, input: { approval_mode: 'ask' } });
    expect(screen.queryByRole('region', { name: /mode/ })).toBeNull();
  });

  it('a new conversation keeps the choice for its first message (nothing to send it to yet)', async () => {
    const call = renderMode(NEW_CONVERSATION);
    await pick(/^Chat only/);
    expect(useChatStore.getState().approvalModes[NEW_CONVERSATION]).toBe('chat_only');
    expect(call).not.toHaveBeenCalledWith('conversations.approval_mode', expect.anything());
  });

  it('Trusted shows the red banner until "Back to Ask"', async () => {
    const call = renderMode('conv');
    await pick(/^Trusted/);
    const banner = screen.getByRole('region', { name: 'Trusted mode' });
    expect(banner).toHaveTextContent('Trusted: tools run without asking.');
    expect(trigger()).toHaveAccessibleName('Approval mode: Trusted');
    await userEvent.click(screen.getByRole('button', { name: 'Back to Ask' }));
    expect(screen.queryByRole('region', { name: 'Trusted mode' })).toBeNull();
    expect(trigger()).toHaveAccessibleName('Approval mode: Ask');
    expect(call).toHaveBeenLastCalledWith('conversations.approval_mode', { params: { id: 'conv' }, input: { approval_mode: 'ask' } });
  });
});
