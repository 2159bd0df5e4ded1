// @vitest-environment jsdom
// Without a cluster: this machine's card says what is wrong with its model server and the fix, commands as code.
import '../../../lib/testing/dom-test-setup';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LocalNodePanel } from './local-node-panel';

describe('LocalNodePanel', () => {
  it("a model server that cannot answer shows its error and fix, backticked commands as code", () => {
    render(
      <LocalNodePanel
        health={{
          status: 'degraded',
          model: 'qwen2.5:7b',
          version: '0.1.0',
          node: { name: 'laptop', tier: 0 },
          model_server: { reachable: false, model_present: false, error: 'Ollama does not answer (ECONNREFUSED).', hint: 'Start it with `ollama serve`.', checked_at: '2026-12-02T06:00:00.000Z' },
        }}
      />,
    );
    const card = screen.getByRole('article', { name: 'laptop' });
    expect(card).toHaveTextContent('Ollama does not answer (ECONNREFUSED).');
    expect(card).toHaveTextContent('Fix: Start it with ollama serve.');
    expect(card.querySelector('code')).toHaveTextContent('ollama serve');
  });
});
