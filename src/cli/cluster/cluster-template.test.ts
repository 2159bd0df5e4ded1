import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../main/config';
import { CLUSTER_TEMPLATE, withClusterTemplate } from './cluster-template';

describe('withClusterTemplate', () => {
  it('is the seed example, a valid config on its own', () => {
    const { config } = parseConfigText(CLUSTER_TEMPLATE, 'harombe.yaml');
    expect(config.cluster?.nodes.map((node) => [node.name, node.host, node.port, node.model, node.tier])).toEqual([
      ['laptop', 'localhost', 8000, 'qwen2.5:3b', 0],
      ['workstation', '192.168.1.100', 8000, 'qwen2.5:14b', 1],
      ['server', 'server.local', 8000, 'qwen2.5:72b', 2],
    ]);
    expect(config.cluster?.routing).toEqual({ prefer_local: true, fallback_strategy: 'graceful', load_balance: true });
    // The examples are written switched off; without those lines it is the seed's YAML, which loads as written.
    expect(config.cluster?.nodes.every((node) => !node.enabled)).toBe(true);
    const seed = parseConfigText(CLUSTER_TEMPLATE.replace(/^ +enabled: false.*\n/gm, ''), 'harombe.yaml').config;
    expect(seed.cluster?.nodes.map((node) => node.enabled)).toEqual([true, true, true]);
    expect(withClusterTemplate(undefined, false)).toEqual({ text: CLUSTER_TEMPLATE, how: 'created' });
  });

  it('appends to a file without a cluster, leaving every byte of it as it was', () => {
    const text = '# mine\nmodel:\n  name: qwen2.5:7b # big enough';
    expect(withClusterTemplate(text, false)).toEqual({ text: `${text}\n\n${CLUSTER_TEMPLATE}`, how: 'appended' });
  });

  it('keeps an existing cluster section unless forced; forced, replaces only that section', () => {
    const text = '# mine\nmodel:\n  name: qwen2.5:7b # big enough\ncluster:\n  nodes: []\nagent:\n  max_steps: 4\n';
    expect(withClusterTemplate(text, false)).toBeUndefined();
    const replaced = withClusterTemplate(text, true)!;
    expect(replaced.how).toBe('replaced');
    expect(replaced.text).toBe(`# mine\nmodel:\n  name: qwen2.5:7b # big enough\nagent:\n  max_steps: 4\n\n${CLUSTER_TEMPLATE}`);
    expect(parseConfigText(replaced.text, 'harombe.yaml').config.agent.max_steps).toBe(4);
  });
});
