import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyConfigChanges } from './apply-config-changes';
import { defaultConfig } from './load-config';

describe('applyConfigChanges', () => {
  it('changes only what changed, keeping comments and leaving unwritten defaults unwritten', () => {
    const document = parseDocument('# my model\nmodel:\n  name: qwen2.5:7b # the big one\n');
    const before = { ...defaultConfig(), model: { ...defaultConfig().model, name: 'qwen2.5:7b' } };
    const after = { ...before, agent: { ...before.agent, max_steps: 20 } };
    applyConfigChanges(document, before, after);
    expect(document.toString()).toBe('# my model\nmodel:\n  name: qwen2.5:7b # the big one\nagent:\n  max_steps: 20\n');
  });

  it('removes keys that went away and replaces changed lists whole', () => {
    const document = parseDocument('server:\n  auth_token: abc\ncluster:\n  nodes:\n    - { name: a, host: h, model: m, tier: 0 }\n');
    applyConfigChanges(
      document,
      { server: { auth_token: 'abc' }, cluster: { nodes: [{ name: 'a', host: 'h', model: 'm', tier: 0 }] } },
      { server: {}, cluster: { nodes: [{ name: 'b', host: 'h', model: 'm', tier: 1 }] } },
    );
    expect(document.toJS()).toEqual({ server: {}, cluster: { nodes: [{ name: 'b', host: 'h', model: 'm', tier: 1 }] } });
  });
});
