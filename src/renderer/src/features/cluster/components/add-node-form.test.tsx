// @vitest-environment jsdom
// Adding a node: the shared schema's messages inline, "Test before adding" with ✓/✗ and fixes, saved or not.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { NodeTestResult } from '../../../../../shared/cluster-schema';
import { AddNodeForm } from './add-node-form';

const refused: NodeTestResult = {
  node: { name: 'gpu', kind: 'harombe', host: '192.168.1.50', port: 8000, model: 'qwen2.5:14b', tier: 2 },
  checks: [
    { name: 'reachable', status: 'pass', detail: 'http://192.168.1.50:8000/health answered in 9 ms' },
    { name: 'auth', status: 'fail', detail: '401 — the auth_token does not match', fix: "Set auth_token to the server.auth_token in that machine's harombe.yaml." },
  ],
};

function renderForm(answer: NodeTestResult = refused) {
  const test = vi.fn(async () => answer);
  const add = vi.fn(async () => undefined);
  const onDone = vi.fn();
  render(<AddNodeForm test={test} add={add} onDone={onDone} />);
  return { test, add, onDone };
}

async function fillIn() {
  await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'gpu');
  await userEvent.type(screen.getByRole('textbox', { name: 'Host' }), '192.168.1.50');
  await userEvent.type(screen.getByRole('textbox', { name: 'Model' }), 'qwen2.5:14b');
  await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Tier' }), '2');
  await userEvent.type(screen.getByLabelText('Auth token (optional)'), 'wrong');
}

describe('AddNodeForm', () => {
  it('an incomplete node shows the schema messages by each field and sends nothing', async () => {
    const { add, test } = renderForm();
    await userEvent.clear(screen.getByRole('textbox', { name: 'Port' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Port' }), '99999');
    await userEvent.click(screen.getByRole('button', { name: 'Add node' }));
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(/.+/);
    expect(screen.getByRole('textbox', { name: 'Port' })).toHaveAccessibleDescription(/65535|port/i);
    await userEvent.click(screen.getByRole('button', { name: 'Test before adding' }));
    expect(add).not.toHaveBeenCalled();
    expect(test).not.toHaveBeenCalled();
  });

  it('the port follows the kind while it is the default', async () => {
    renderForm();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Kind' }), 'ollama');
    expect(screen.getByRole('textbox', { name: 'Port' })).toHaveValue('11434');
  });

  it('"Test before adding" shows each check, ✗ with its fix, and adds nothing', async () => {
    const { test, add } = renderForm();
    await fillIn();
    await userEvent.click(screen.getByRole('button', { name: 'Test before adding' }));
    expect(test).toHaveBeenCalledWith({ name: 'gpu', kind: 'harombe', host: '192.168.1.50', port: 8000, model: 'qwen2.5:14b', tier: 2, auth_token: 'wrong', enabled: true }, expect.any(AbortSignal));
    const result = await screen.findByRole('status', { name: 'Test of gpu' });
    expect(result).toHaveTextContent('✗Token accepted failed — 401 — the auth_token does not match');
    expect(result).toHaveTextContent("Fix: Set auth_token to the server.auth_token in that machine's harombe.yaml.");
    expect(add).not.toHaveBeenCalled();
  });

  it('"Test before adding" says which tier the model suggests, and why, when it is not the tier chosen', async () => {
    renderForm({
      ...refused,
      checks: [{ name: 'reachable', status: 'pass', detail: 'answered in 9 ms' }],
      suggested_tier: 1,
      tier_reason: 'qwen2.5:14b (~9 GB): a balanced-tier model',
    });
    await fillIn();
    await userEvent.click(screen.getByRole('button', { name: 'Test before adding' }));
    const result = await screen.findByRole('status', { name: 'Test of gpu' });
    expect(result).toHaveTextContent('suggested: tier 1 (balanced), configured 2 — qwen2.5:14b (~9 GB): a balanced-tier model');
  });

  it('closing the form stops a test still running (its signal aborts, so the server stops the checks)', async () => {
    let signal: AbortSignal | undefined;
    const test = vi.fn((_node: unknown, given?: AbortSignal) => {
      signal = given;
      return new Promise<NodeTestResult>(() => undefined);
    });
    const { unmount } = render(<AddNodeForm test={test} add={vi.fn()} onDone={vi.fn()} />);
    await fillIn();
    await userEvent.click(screen.getByRole('button', { name: 'Test before adding' }));
    expect(screen.getByRole('button', { name: 'Testing…' })).toBeDisabled();
    expect(signal?.aborted).toBe(false);
    unmount();
    expect(signal?.aborted).toBe(true);
  });

  it('Add node sends the node, saved to harombe.yaml unless unticked, and closes', async () => {
    const { add, onDone } = renderForm();
    await fillIn();
    await userEvent.click(screen.getByRole('checkbox', { name: /Save to harombe.yaml/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Add node' }));
    expect(add).toHaveBeenCalledWith(expect.objectContaining({ name: 'gpu', tier: 2 }), false);
    expect(onDone).toHaveBeenCalled();
  });

  it("a refused add keeps the form and says the server's message", async () => {
    const { add, onDone } = renderForm();
    add.mockRejectedValueOnce(new Error('A node named "gpu" is already in the cluster'));
    await fillIn();
    await userEvent.click(screen.getByRole('button', { name: 'Add node' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('already in the cluster');
    expect(onDone).not.toHaveBeenCalled();
  });
});
