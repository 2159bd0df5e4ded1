// @vitest-environment jsdom
// The two lists: what is installed (Use) and what can be downloaded (Download), never mixed, each with size and fit.
import '../../../lib/testing/dom-test-setup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { HardwareProfile } from '../../../../../shared/hardware-schema';
import { ModelLists } from './model-lists';

const profile: HardwareProfile = { kind: 'cpu', gpus: [], totalMemoryGb: 8, usableVramGb: 8, cpu: { brand: 'EPYC', cores: 2, speedGhz: null }, platform: 'linux' };

function renderLists(props: Partial<Parameters<typeof ModelLists>[0]> = {}) {
  const onUse = vi.fn();
  const onDownload = vi.fn();
  render(
    <ModelLists
      installed={[{ name: 'qwen2.5:1.5b', configured: false, size: 986_000_000 }]}
      configured="qwen2.5:7b"
      recommended="qwen2.5:1.5b"
      profile={profile}
      busy={false}
      settingModel={undefined}
      onUse={onUse}
      onDownload={onDownload}
      {...props}
    />,
  );
  return { onUse, onDownload };
}

describe('ModelLists', () => {
  it('says the installed list failed instead of waiting forever when Ollama cannot list its models', () => {
    renderLists({ installed: undefined, installedFailed: true });
    expect(screen.getByText('Ollama did not list them — see above.')).toBeInTheDocument();
    expect(screen.queryByText('Asking Ollama…')).not.toBeInTheDocument();
  });

  it('lists installed models apart from downloads: an installed model is not offered for download', () => {
    renderLists();
    const installed = screen.getByRole('list', { name: 'Installed models' });
    const downloads = screen.getByRole('list', { name: 'Models to download' });
    expect(within(installed).getByText('qwen2.5:1.5b')).toBeInTheDocument();
    expect(within(installed).getByText('986 MB')).toBeInTheDocument();
    expect(within(downloads).queryByText('qwen2.5:1.5b')).not.toBeInTheDocument();
    expect(within(installed).queryByRole('button', { name: /Download/ })).not.toBeInTheDocument();
    expect(within(downloads).queryByRole('button', { name: /^Use/ })).not.toBeInTheDocument();
  });

  it('says which downloads fit this machine’s memory', () => {
    renderLists();
    const downloads = screen.getByRole('list', { name: 'Models to download' });
    const row = (name: string) => within(downloads).getByText(name).closest('li')!;
    expect(row('qwen2.5:3b')).toHaveTextContent('fits this machine');
    expect(row('qwen2.5:32b')).toHaveTextContent('too big for this machine');
    expect(row('qwen2.5:32b')).toHaveTextContent('20 GB');
  });

  it('Use picks an installed model; Download starts one, and no second while one runs', async () => {
    const { onUse, onDownload } = renderLists();
    await userEvent.click(screen.getByRole('button', { name: 'Use qwen2.5:1.5b' }));
    expect(onUse).toHaveBeenCalledWith('qwen2.5:1.5b');
    await userEvent.click(screen.getByRole('button', { name: 'Download qwen2.5:3b' }));
    expect(onDownload).toHaveBeenCalledWith('qwen2.5:3b');
  });

  it('offers no Download while a download runs', () => {
    renderLists({ busy: true });
    expect(screen.getByRole('button', { name: 'Download qwen2.5:3b' })).toBeDisabled();
  });
});
