// @vitest-environment jsdom
// The settings form: each field checked as typed with the shared schema's message, nothing saved while one is wrong,
// Save sends the edited config with the secret kept, and the restart note on the fields that need one.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { harombeConfigSchema, REDACTED } from '../../../../../shared/config-schema';
import type { useSaveConfig } from '../api/config-queries';
import { ConfigForm } from './config-form';

const saved = harombeConfigSchema.parse({ model: { name: 'qwen2.5:7b' }, server: { auth_token: REDACTED } });

function renderForm() {
  const save = { mutate: vi.fn(), reset: vi.fn(), isPending: false, isSuccess: false, isError: false } as unknown as ReturnType<typeof useSaveConfig>;
  render(<ConfigForm saved={saved} save={save} />);
  return { mutate: save.mutate as ReturnType<typeof vi.fn> };
}

describe('ConfigForm', () => {
  it('shows the schema’s message under a wrong value, and does not save', async () => {
    const { mutate } = renderForm();
    const temperature = screen.getByRole('textbox', { name: 'Temperature' });
    await userEvent.clear(temperature);
    await userEvent.type(temperature, '5');
    expect(temperature).toHaveAttribute('aria-invalid', 'true');
    expect(temperature).toHaveAccessibleDescription(expect.stringContaining('Too big: expected number to be <=2'));
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    await userEvent.type(temperature, '{Enter}');
    expect(mutate).not.toHaveBeenCalled();
  });

  it('a number box holding words says so in the schema’s words', async () => {
    renderForm();
    const steps = screen.getByRole('textbox', { name: 'Max steps' });
    await userEvent.clear(steps);
    await userEvent.type(steps, 'ten');
    expect(screen.getByRole('alert')).toHaveTextContent(/expected number/);
  });

  it('Save sends the edited config, with the token left as it was', async () => {
    const { mutate } = renderForm();
    await userEvent.click(screen.getByRole('switch', { name: 'Web search' }));
    const steps = screen.getByRole('textbox', { name: 'Max steps' });
    await userEvent.clear(steps);
    await userEvent.type(steps, '4');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const sent = mutate.mock.calls[0]![0] as typeof saved;
    expect(sent.tools.web_search).toBe(false);
    expect(sent.agent.max_steps).toBe(4);
    expect(sent.server.auth_token).toBe(REDACTED);
    expect(harombeConfigSchema.safeParse(sent).success).toBe(true);
  });

  it('an emptied workspace box removes the key rather than saving an empty path', async () => {
    const { mutate } = renderForm();
    const workspace = screen.getByRole('textbox', { name: 'Workspace folder' });
    await userEvent.type(workspace, '/tmp/w');
    await userEvent.clear(workspace);
    await userEvent.click(screen.getByRole('switch', { name: 'Shell commands' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((mutate.mock.calls[0]![0] as typeof saved).tools).not.toHaveProperty('workspace');
  });

  it('says which fields take effect only after a restart', () => {
    renderForm();
    expect(screen.getByRole('textbox', { name: 'Port' })).toHaveAccessibleDescription(expect.stringContaining('Takes effect after harombe restarts'));
    expect(screen.getByRole('textbox', { name: 'Temperature' })).not.toHaveAccessibleDescription(expect.stringContaining('restart'));
  });

  it('after saving a port, says a restart is needed for it and the rest is in use', () => {
    const save = { mutate: vi.fn(), reset: vi.fn(), isPending: false, isSuccess: true, isError: false, data: { config: saved, restart_required: ['server.port'] } } as unknown as ReturnType<typeof useSaveConfig>;
    render(<ConfigForm saved={saved} save={save} />);
    expect(screen.getByRole('status')).toHaveTextContent('Saved. Restart harombe for server.port to take effect; the rest is in use now.');
  });

  it('shows cluster routing only when the config has a cluster', () => {
    renderForm();
    expect(screen.queryByRole('group', { name: 'Cluster routing' })).not.toBeInTheDocument();
  });

  it('with a cluster: its routing options, as in the file', () => {
    const save = { mutate: vi.fn(), reset: vi.fn(), isPending: false, isSuccess: false, isError: false } as unknown as ReturnType<typeof useSaveConfig>;
    render(<ConfigForm saved={harombeConfigSchema.parse({ cluster: { routing: { fallback_strategy: 'strict' } } })} save={save} />);
    expect(screen.getByRole('group', { name: 'Cluster routing' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'When the right tier is down' })).toHaveValue('strict');
  });
});
