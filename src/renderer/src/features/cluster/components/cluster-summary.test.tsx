// @vitest-environment jsdom
// The summary: GET /metrics' own numbers, "—" before they are known, and drained nodes said out loud.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ClusterSummary } from './cluster-summary';

const summary = { total_nodes: 4, healthy_nodes: 3, total_requests: 1234, average_success_rate: 0.714, average_latency_ms: 40, total_tokens: 900, tokens_per_second: 370 };

describe('ClusterSummary', () => {
  it('shows healthy / total, requests, success rate and speed as /metrics gives them', () => {
    render(<ClusterSummary summary={summary} drained={1} />);
    const list = screen.getByRole('region', { name: 'Cluster summary' });
    expect(list).toHaveTextContent('Nodes healthy3 / 4 1 drained');
    expect(list).toHaveTextContent('Requests1,234');
    expect(list).toHaveTextContent('Success rate71.4%');
    expect(list).toHaveTextContent('Speed370 tok/s');
  });

  it('says — until the first read, and no success rate before any request', () => {
    const { rerender } = render(<ClusterSummary summary={undefined} />);
    expect(screen.getByRole('region', { name: 'Cluster summary' })).toHaveTextContent('Nodes healthy—Requests—Success rate—Speed—');
    rerender(<ClusterSummary summary={{ ...summary, total_requests: 0, average_success_rate: 0 }} />);
    expect(screen.getByRole('region', { name: 'Cluster summary' })).toHaveTextContent('Success rate—');
  });
});
