// @vitest-environment jsdom
// The no-cluster guide's "Look for harombe servers on this network": the servers found, each with Add (saved), the
// empty answer saying why, and a failed Add saying what to do.
import '../../../lib/testing/dom-test-setup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError } from '../../../../../shared/api-client';
import type { ClusterDiscoverResponse, DiscoveredServer } from '../../../../../shared/api-schemas';
import { DiscoverServers } from './discover-servers';
import { LocalNodePanel } from './local-node-panel';

const studio: DiscoveredServer = {
  name: 'studio',
  url: 'http://192.168.1.20:8000',
  host: '192.168.1.20',
  port: 8000,
  kind: 'harombe',
  model: 'qwen2.5:14b',
  version: '0.1.0',
  hardware: { kind: 'nvidia', gpu_memory_gb: 24, ram_gb: 64 },
  tier: 2,
  suggested_tier: 1,
  suggestion: 'qwen2.5:14b runs in its 24 GB GPU at ~40 tokens/s: a medium-tier model',
};
const { hardware: _hardware, ...unannounced } = studio;
const attic: DiscoveredServer = { ...unannounced, name: 'attic', url: 'http://192.168.1.21:8000', host: '192.168.1.21', tier: 0, suggested_tier: 0 };

function answer(servers: DiscoveredServer[]): ClusterDiscoverResponse {
  return { servers, seconds: 3, service: '_harombe._tcp.local' };
}

describe('DiscoverServers', () => {
  it('in the no-cluster guide: the button lists the servers found; Add saves one and says so', async () => {
    const discover = vi.fn(async () => answer([attic, studio]));
    const add = vi.fn(async () => undefined);
    const onAdded = vi.fn();
    render(<LocalNodePanel health={undefined} finder={<DiscoverServers discover={discover} add={add} onAdded={onAdded} />} />);
    const guide = screen.getByRole('region', { name: 'Add a machine' });
    expect(within(guide).queryByRole('list', { name: 'Harombe servers found' })).toBeNull();

    await userEvent.click(within(guide).getByRole('button', { name: 'Look for harombe servers on this network' }));
    const list = await within(guide).findByRole('list', { name: 'Harombe servers found' });
    const row = within(list).getByRole('listitem', { name: 'studio' });
    expect(row).toHaveTextContent('http://192.168.1.20:8000');
    expect(row).toHaveTextContent('qwen2.5:14b · nvidia 24 GB · 64 GB RAM · announces tier 2');
    expect(row).toHaveTextContent('Suggested: tier 1 (balanced)');
    expect(within(list).getByRole('listitem', { name: 'attic' })).toHaveTextContent('machine not announced');

    await userEvent.click(within(row).getByRole('button', { name: 'Add studio' }));
    expect(add).toHaveBeenCalledWith(studio);
    expect(await within(row).findByRole('status')).toHaveTextContent('Added');
    expect(within(row).queryByRole('button')).toBeNull();
    expect(onAdded).toHaveBeenCalledWith(studio);
    expect(within(list).getByRole('button', { name: 'Add attic' })).toBeEnabled();
  });

  it('nothing found says why and what to do; a refused Add shows the error and hint and keeps the button', async () => {
    const discover = vi.fn().mockResolvedValueOnce(answer([])).mockResolvedValueOnce(answer([studio]));
    const add = vi.fn(async () => {
      throw new ApiRequestError(500, 'config_not_saved', 'harombe.yaml was not changed: EACCES', 'Make harombe.yaml writable.');
    });
    render(<DiscoverServers discover={discover} add={add} />);
    await userEvent.click(screen.getByRole('button', { name: 'Look for harombe servers on this network' }));
    expect(await screen.findByRole('status')).toHaveTextContent('No harombe server answered in 3 s');
    expect(screen.getByRole('status')).toHaveTextContent('harombe start --host 0.0.0.0');

    await userEvent.click(screen.getByRole('button', { name: 'Look for harombe servers on this network' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Add studio' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('harombe.yaml was not changed: EACCES. Make harombe.yaml writable.');
    expect(screen.getByRole('button', { name: 'Add studio' })).toBeEnabled();
  });
});
