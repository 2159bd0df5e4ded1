// @vitest-environment jsdom
// A node's card: status with reason and fix, the open circuit's live countdown, and remove / drain / test now.
import '../../../lib/testing/dom-test-setup';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeStatus } from '../testing/node-status';
import { NodeCard, type NodeActions } from './node-card';

function actions(): NodeActions & { [K in keyof NodeActions]: ReturnType<typeof vi.fn> } {
  return {
    remove: vi.fn(async () => undefined),
    setDrain: vi.fn(async () => undefined),
    test: vi.fn(async () => ({
      node: { name: 'gpu', kind: 'harombe' as const, host: '192.168.1.50', port: 8000, model: 'qwen2.5:14b', tier: 1 },
      checks: [
        { name: 'reachable' as const, status: 'pass' as const, detail: 'answered in 12 ms' },
        { name: 'auth' as const, status: 'fail' as const, detail: '401 from /v1/models', fix: "set this node's auth_token to the server's server.auth_token" },
        { name: 'model' as const, status: 'skip' as const, detail: 'after a failure' },
      ],
    })),
  } as never;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('NodeCard', () => {
  it('an unavailable node says why and what to do', () => {
    render(<NodeCard status={nodeStatus({ health: { status: 'unavailable', reason: 'Cannot reach http://192.168.1.50:8000 (ECONNREFUSED)' } })} actions={undefined} />);
    const card = screen.getByRole('article', { name: 'gpu' });
    expect(card).toHaveTextContent('unavailable');
    expect(card).toHaveTextContent('Cannot reach http://192.168.1.50:8000 (ECONNREFUSED)');
    expect(card).toHaveTextContent('Fix: Connection refused — is harombe start running on 192.168.1.50 (port 8000)?');
  });

  it('backticked commands in the reason, the fix and the last error read as code, without the backticks', () => {
    render(
      <NodeCard
        status={nodeStatus({
          health: { status: 'unavailable', reason: 'Cannot reach it: try `curl http://192.168.1.50:8000/health`' },
          circuit: { state: 'open', open_until: null, consecutive_failures: 3, last_failure: 'model not found, run `ollama pull qwen2.5:14b`' },
        })}
        actions={undefined}
      />,
    );
    const card = screen.getByRole('article', { name: 'gpu' });
    expect(card.textContent).not.toContain('`');
    expect(card).toHaveTextContent('Fix: Connection refused — is harombe start running on 192.168.1.50 (port 8000)?');
    const code = [...card.querySelectorAll('code')].map((element) => element.textContent);
    expect(code).toEqual(['curl http://192.168.1.50:8000/health', 'harombe start', 'ollama pull qwen2.5:14b']);
  });

  it('a quiet line suggests the tier its model fits when that is not the configured one, and only then', () => {
    const reason = 'qwen2.5:32b (~19 GB) runs in 24 GB of NVIDIA VRAM at ~28 tokens/s: a powerful-tier model';
    const { rerender } = render(<NodeCard status={nodeStatus({ tier: 1, suggested_tier: 2, tier_reason: reason })} actions={undefined} />);
    const card = screen.getByRole('article', { name: 'gpu' });
    expect(card).toHaveTextContent(`suggested: tier 2 (powerful), configured 1 — ${reason}`);
    rerender(<NodeCard status={nodeStatus({ tier: 2, suggested_tier: 2, tier_reason: reason })} actions={undefined} />);
    expect(card).not.toHaveTextContent('suggested');
  });

  it('an open circuit shows its failures, last error and a countdown that ticks by itself', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-02T06:00:00.000Z') });
    render(
      <NodeCard
        status={nodeStatus({ circuit: { state: 'open', open_until: '2026-12-02T06:00:30.000Z', consecutive_failures: 3, last_failure: 'ECONNREFUSED' } })}
        actions={undefined}
      />,
    );
    const card = screen.getByRole('article', { name: 'gpu' });
    expect(card).toHaveTextContent('open — skipped · 3 failures · next try in 30 s');
    expect(card).toHaveTextContent('Last error: ECONNREFUSED');
    act(() => vi.advanceTimersByTime(10_000));
    expect(card).toHaveTextContent('next try in 20 s');
  });

  it('latency, in-flight, success rate and speed are shown with their units', () => {
    render(<NodeCard status={nodeStatus({ in_flight: 2, success_rate: 0.875, tokens_per_second: 42.25, health: { latency_ms: 1234, recent_latencies_ms: [30, null, 50] } })} actions={undefined} />);
    const card = screen.getByRole('article', { name: 'gpu' });
    expect(card).toHaveTextContent('Latency1.2 s');
    expect(card).toHaveTextContent('In flight2');
    expect(card).toHaveTextContent('Success87.5%');
    expect(card).toHaveTextContent('Speed42.3 tok/s');
  });

  it('Remove asks first, then removes (and from harombe.yaml for a configured node)', async () => {
    const calls = actions();
    render(<NodeCard status={nodeStatus()} actions={calls} />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove…' }));
    expect(calls.remove).not.toHaveBeenCalled();
    const confirm = screen.getByRole('group', { name: 'Remove gpu?' });
    expect(within(confirm).getByRole('checkbox', { name: 'Also delete it from harombe.yaml' })).toBeChecked();
    await userEvent.click(within(confirm).getByRole('button', { name: 'Remove gpu' }));
    expect(calls.remove).toHaveBeenCalledWith('gpu', true);
  });

  it('Drain asks the server; a drained node says so and offers Undrain', async () => {
    const calls = actions();
    const { rerender } = render(<NodeCard status={nodeStatus()} actions={calls} />);
    await userEvent.click(screen.getByRole('button', { name: 'Drain' }));
    expect(calls.setDrain).toHaveBeenCalledWith('gpu', true);
    rerender(<NodeCard status={nodeStatus({ drain: true })} actions={calls} />);
    expect(screen.getByRole('article', { name: 'gpu' })).toHaveTextContent('Drained: no new turns are routed here');
    expect(screen.getByRole('button', { name: 'Undrain' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('Test now lists each check with ✓/✗ and the fix of the one that failed', async () => {
    render(<NodeCard status={nodeStatus()} actions={actions()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Test now' }));
    const result = await screen.findByRole('status', { name: 'Test of gpu' });
    expect(result).toHaveTextContent('gpu failed a check.');
    expect(result).toHaveTextContent('✓Reachable passed — answered in 12 ms');
    expect(result).toHaveTextContent("✗Token accepted failed — 401 from /v1/models Fix: set this node's auth_token");
  });

  it("a failed action says the server's message", async () => {
    const calls = actions();
    calls.setDrain.mockRejectedValueOnce(new Error('harombe.yaml was not changed: EACCES'));
    render(<NodeCard status={nodeStatus()} actions={calls} />);
    await userEvent.click(screen.getByRole('button', { name: 'Drain' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('harombe.yaml was not changed: EACCES');
  });
});
