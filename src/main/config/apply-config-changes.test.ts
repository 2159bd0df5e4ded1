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

  it('removes keys that went away and changes list items in place', () => {
    const document = parseDocument('server:\n  auth_token: abc\ncluster:\n  nodes:\n    - { name: a, host: h, model: m, tier: 0 }\n');
    applyConfigChanges(
      document,
      { server: { auth_token: 'abc' }, cluster: { nodes: [{ name: 'a', host: 'h', model: 'm', tier: 0 }] } },
      { server: {}, cluster: { nodes: [{ name: 'b', host: 'h', model: 'm', tier: 1 }] } },
    );
    expect(document.toJS()).toEqual({ server: {}, cluster: { nodes: [{ name: 'b', host: 'h', model: 'm', tier: 1 }] } });
  });
});

describe('applyConfigChanges on lists (cluster nodes)', () => {
  const text = [
    'cluster:',
    '  nodes:',
    '    # Fast/local node for simple queries',
    '    - name: laptop',
    '      host: localhost',
    '      model: qwen2.5:3b',
    '      tier: 0',
    '    # Powerful node for complex tasks',
    '    - name: server',
    '      host: server.local',
    '      model: qwen2.5:72b',
    '      tier: 2',
    '',
  ].join('\n');
  const laptop = { name: 'laptop', host: 'localhost', model: 'qwen2.5:3b', tier: 0 };
  const server = { name: 'server', host: 'server.local', model: 'qwen2.5:72b', tier: 2 };

  it('appends a node without touching the comments of the others', () => {
    const document = parseDocument(text);
    const added = { name: 'gpu', host: '10.0.0.9', model: 'qwen2.5:14b', tier: 1 };
    applyConfigChanges(document, { cluster: { nodes: [laptop, server] } }, { cluster: { nodes: [laptop, server, added] } });
    const output = document.toString();
    expect(output).toContain('    # Fast/local node for simple queries\n    - name: laptop');
    expect(output).toContain('    # Powerful node for complex tasks\n    - name: server');
    expect(document.toJS()).toEqual({ cluster: { nodes: [laptop, server, added] } });
  });

  it('removes a node and keeps the comment of the one left', () => {
    const document = parseDocument(text);
    applyConfigChanges(document, { cluster: { nodes: [laptop, server] } }, { cluster: { nodes: [server] } });
    expect(document.toString()).toContain('    # Powerful node for complex tasks\n    - name: server');
    expect(document.toString()).not.toContain('laptop');
  });

  it('changes one field of one node in place', () => {
    const document = parseDocument(text);
    applyConfigChanges(document, { cluster: { nodes: [laptop, server] } }, { cluster: { nodes: [laptop, { ...server, tier: 1 }] } });
    expect(document.toString()).toBe(text.replace('      tier: 2', '      tier: 1'));
  });
});
