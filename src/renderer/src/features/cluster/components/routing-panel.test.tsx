// @vitest-environment jsdom
// Routing you can see: Try routing shows the decision (nothing is run); the last decisions list with their reasons.
import '../../../lib/testing/dom-test-setup';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { clusterReducer, initialClusterState } from '../model/cluster-state';
import { RoutingPanel } from './routing-panel';

describe('RoutingPanel', () => {
  it('Try routing shows the node, tier, complexity and reason', async () => {
    const tryRouting = vi.fn(async () => ({
      node: 'big',
      tier: 2,
      wanted_tier: 2,
      complexity: 'complex' as const,
      reason: 'complex: asks to design and compare (2 complex keywords), 80 chars',
      candidates: ['big', 'gpu'],
      fallbacks: ['gpu'],
      estimated_tokens: 20,
    }));
    render(<RoutingPanel routes={[]} tryRouting={tryRouting} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Try routing a message' }), 'Design and compare two caches');
    await userEvent.click(screen.getByRole('button', { name: 'Route it' }));
    expect(tryRouting).toHaveBeenCalledWith('Design and compare two caches');
    const decision = await screen.findByRole('status', { name: 'Routing decision' });
    expect(decision).toHaveTextContent('big · tier 2 powerful · complex');
    expect(decision).toHaveTextContent('complex: asks to design and compare');
    expect(decision).toHaveTextContent('Would try, in order: big → gpu');
  });

  it('an empty message asks for one instead of calling the server', async () => {
    const tryRouting = vi.fn();
    render(<RoutingPanel routes={[]} tryRouting={tryRouting} />);
    await userEvent.click(screen.getByRole('button', { name: 'Route it' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Type a message');
    expect(tryRouting).not.toHaveBeenCalled();
  });

  it('lists decisions with the excerpt, the tier wanted after a fallback, and the nodes failed over', () => {
    render(
      <RoutingPanel
        routes={[{ id: 1, at: '2026-12-02T06:00:00.000Z', node: 'gpu', tier: 1, wantedTier: 2, complexity: 'complex', reason: 'no healthy node in tier 2', failedOver: ['big'], excerpt: 'Design a cache' }]}
        tryRouting={vi.fn()}
      />,
    );
    const row = within(screen.getByRole('region', { name: 'Last decisions' })).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('Design a cache');
    expect(row).toHaveTextContent('1 balanced (wanted 2)');
    expect(row).toHaveTextContent('big');
  });

  it('a request no node answered is listed too: which nodes were tried and the last error', () => {
    const state = clusterReducer(initialClusterState, {
      type: 'event',
      receivedAt: 1,
      event: {
        type: 'route',
        at: '2026-12-02T06:00:00.000Z',
        node: null,
        tier: 2,
        wanted_tier: 2,
        complexity: 'complex',
        reason: 'complex: asks to design',
        failed_over: ['big', 'gpu'],
        error: 'Node "gpu" sent nothing within 30 s; check `ollama ps` there.',
        excerpt: 'Design a cache',
      },
    });
    render(<RoutingPanel routes={state.routes} tryRouting={vi.fn()} />);
    const row = within(screen.getByRole('region', { name: 'Last decisions' })).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('Design a cache');
    expect(row).toHaveTextContent('No node answered — tried big, gpu: Node "gpu" sent nothing within 30 s; check ollama ps there.');
    expect(row.querySelector('code')).toHaveTextContent('ollama ps');
  });
});
