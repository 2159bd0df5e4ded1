// @vitest-environment jsdom
// The download panel: bytes, percent, speed and time left with Cancel; a failure's reason with Retry; a cancelled
// download says nothing was installed.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { initialPullProgress, nextPullProgress } from '../model/pull-progress';
import { PullPanel } from './pull-panel';

function handlers() {
  return { onCancel: vi.fn(), onRetry: vi.fn(), onUse: vi.fn() };
}

describe('PullPanel', () => {
  it('while pulling: a progress bar, bytes of the whole, speed, time left, and Cancel', async () => {
    let progress = nextPullProgress(initialPullProgress, { type: 'progress', status: 'pulling abc', digest: 'sha256:a', total: 4_000_000_000, completed: 0 }, 0);
    progress = nextPullProgress(progress, { type: 'progress', status: 'pulling abc', digest: 'sha256:a', total: 4_000_000_000, completed: 1_000_000_000 }, 4000);
    const on = handlers();
    render(<PullPanel pull={{ phase: 'pulling', model: 'qwen2.5:7b', progress }} {...on} />);
    expect(screen.getByRole('progressbar', { name: 'Download of qwen2.5:7b' })).toHaveAttribute('value', '25');
    expect(screen.getByRole('region', { name: 'Downloading qwen2.5:7b' })).toHaveTextContent('1 GB of 4 GB (25%) · 250 MB/s · 12 s left');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(on.onCancel).toHaveBeenCalled();
  });

  it('a failure says why and offers Retry', async () => {
    const on = handlers();
    render(<PullPanel pull={{ phase: 'failed', model: 'qwen2.5:7b', message: 'Could not pull qwen2.5:7b: the connection broke', hint: 'Check the network.' }} {...on} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Could not pull qwen2.5:7b: the connection broke Check the network.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(on.onRetry).toHaveBeenCalled();
  });

  it('cancelled: nothing installed, and Download again', () => {
    render(<PullPanel pull={{ phase: 'cancelled', model: 'qwen2.5:7b' }} {...handlers()} />);
    expect(screen.getByRole('status')).toHaveTextContent('nothing was installed');
    expect(screen.getByRole('button', { name: 'Download again' })).toBeInTheDocument();
  });

  it('done: Use the model', async () => {
    const on = handlers();
    render(<PullPanel pull={{ phase: 'done', model: 'qwen2.5:7b' }} {...on} />);
    await userEvent.click(screen.getByRole('button', { name: 'Use qwen2.5:7b' }));
    expect(on.onUse).toHaveBeenCalled();
  });
});
