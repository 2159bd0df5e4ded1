import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyConfigChanges } from './apply-config-changes';
import type { HarombeConfig } from '../../shared';
import { defaultConfig, parseConfigText } from './load-config';

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

/** Three commented cluster nodes, as a person writes them. */
const nodes = [
  'cluster:',
  '  nodes:',
  '    # the laptop',
  '    - { name: laptop, host: localhost, model: qwen2.5:3b, tier: 0 }',
  '    # the GPU box under the desk',
  '    - { name: gpu, host: 10.0.0.9, model: qwen2.5:14b, tier: 1 }',
  '    # the server in the rack',
  '    - { name: server, host: server.local, model: qwen2.5:72b, tier: 2 }',
  '',
].join('\n');
const loaded = (text: string) => parseConfigText(text, 'harombe.yaml').config;

// What harombe writes when a save (PUT /config, `harombe approvals add`/`remove`) changes a list or drops a section:
// the file afterwards says exactly what was asked, and the comments on what stayed are still there.
describe('applyConfigChanges: a save that reorders, thins or drops what the file has', () => {
  const saved = (document: ReturnType<typeof parseDocument>) => parseConfigText(document.toString(), 'harombe.yaml').config;
  type ClusterNode = NonNullable<HarombeConfig['cluster']>['nodes'][number];
  const withNodes = (config: HarombeConfig, list: ClusterNode[]) => ({ ...config, cluster: { ...config.cluster!, nodes: list } });
  /** The file without one node (its line and the comment above it). */
  const without = (text: string, name: string) => {
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.includes(`name: ${name},`));
    return [...lines.slice(0, at - 1), ...lines.slice(at + 1)].join('\n');
  };

  it('a node inserted between two others lands there, the others unchanged', () => {
    const document = parseDocument(without(nodes, 'gpu'));
    const before = loaded(document.toString());
    const [laptop, server] = before.cluster!.nodes;
    const gpu = loaded(nodes).cluster!.nodes[1]!;
    const after = withNodes(before, [laptop!, gpu, server!]);
    applyConfigChanges(document, before, after);
    expect(saved(document).cluster?.nodes.map((node) => node.name)).toEqual(['laptop', 'gpu', 'server']);
    expect(saved(document)).toEqual(after);
  });

  it('two nodes removed at once (first and last) leave the middle one with its comment', () => {
    const document = parseDocument(nodes);
    const before = loaded(nodes);
    const after = withNodes(before, [before.cluster!.nodes[1]!]);
    applyConfigChanges(document, before, after);
    expect(document.toString()).toBe('cluster:\n  nodes:\n    # the GPU box under the desk\n    - { name: gpu, host: 10.0.0.9, model: qwen2.5:14b, tier: 1 }\n');
  });

  it('a node removed while another changes: the file lists exactly the changed one', () => {
    const document = parseDocument(nodes);
    const before = loaded(nodes);
    const after = withNodes(before, [{ ...before.cluster!.nodes[2]!, tier: 1 }]);
    applyConfigChanges(document, before, after);
    expect(saved(document)).toEqual(after);
  });

  it('a list the file was hand-edited in since harombe read it is written as asked, not patched by position', () => {
    // harombe read two nodes; someone then added the laptop at the top of the file by hand.
    const stale = loaded(without(nodes, 'laptop'));
    const document = parseDocument(nodes);
    const after = withNodes(stale, [stale.cluster!.nodes[0]!, { ...stale.cluster!.nodes[1]!, tier: 1 }]);
    applyConfigChanges(document, stale, after);
    expect(saved(document).cluster?.nodes).toEqual(after.cluster.nodes);
  });

  it('the first approval rule goes into a file that had none, as a list', () => {
    const text = '# my settings\ntools:\n  shell: true\n';
    const document = parseDocument(text);
    const before = loaded(text);
    const rule = { tool: 'shell', match: 'git status', decision: 'allow' as const };
    const after = { ...before, tools: { ...before.tools, approvals: [rule] } };
    applyConfigChanges(document, before, after);
    expect(document.toString()).toBe('# my settings\ntools:\n  shell: true\n  approvals:\n    - tool: shell\n      match: git status\n      decision: allow\n');
  });

  it('an MCP server removed takes its whole entry with it, args and env included', () => {
    const text = [
      'mcp:',
      '  # GitHub issues',
      '  github:',
      '    command: npx',
      '    args: [-y, "@modelcontextprotocol/server-github"]',
      '    env: { GITHUB_PERSONAL_ACCESS_TOKEN: ghp_x }',
      '  # the project folder',
      '  files:',
      '    command: mcp-files',
      '',
    ].join('\n');
    const document = parseDocument(text);
    const before = loaded(text);
    const { github: _removed, ...rest } = before.mcp;
    applyConfigChanges(document, before, { ...before, mcp: rest });
    expect(document.toString()).toBe('mcp:\n  # the project folder\n  files:\n    command: mcp-files\n');
  });

  it('a comment above a list whose other entries have none is about the list: it stays when the first goes', () => {
    const text = 'tools:\n  approvals:\n    # read-only git, asked by nobody\n    - { tool: shell, match: git status, decision: allow }\n    - { tool: shell, match: git log, decision: allow }\n';
    const document = parseDocument(text);
    const before = loaded(text);
    applyConfigChanges(document, before, { ...before, tools: { ...before.tools, approvals: before.tools.approvals.slice(1) } });
    expect(document.toString()).toBe('tools:\n  approvals:\n    # read-only git, asked by nobody\n    - { tool: shell, match: git log, decision: allow }\n');
  });

  it('an MCP server’s args removed leaves no args in the file', () => {
    const text = 'mcp:\n  files:\n    command: mcp-files\n    args: [--root, /srv] # where it looks\n';
    const document = parseDocument(text);
    const before = loaded(text);
    const { args: _args, ...files } = before.mcp['files']!;
    applyConfigChanges(document, before, { ...before, mcp: { files } });
    expect(document.toString()).toBe('mcp:\n  files:\n    command: mcp-files\n');
  });
});

describe('applyConfigChanges after a hand edit', () => {
  it('a key removed that the file no longer has is nothing to do, the rest is saved', () => {
    const document = parseDocument('# hand-edited: the server section is gone\nmodel:\n  name: qwen2.5:7b\n');
    const before = { ...defaultConfig(), server: { ...defaultConfig().server, auth_token: 'old-token' } };
    const { auth_token: _gone, ...server } = before.server;
    applyConfigChanges(document, before, { ...before, server, model: { ...before.model, name: 'qwen2.5:3b' } });
    expect(document.toString()).toBe('# hand-edited: the server section is gone\nmodel:\n  name: qwen2.5:3b\n');
  });
});

describe('applyConfigChanges: whose comment goes with a removed entry', () => {

  it('the last node removed: the first node keeps its comment', () => {
    const document = parseDocument(nodes);
    const before = loaded(nodes);
    applyConfigChanges(document, before, { ...before, cluster: { ...before.cluster!, nodes: before.cluster!.nodes.slice(0, 2) } });
    expect(document.toString()).toBe(nodes.split('\n').slice(0, 6).join('\n') + '\n');
  });

  it('the last MCP server removed: the first keeps its comment', () => {
    const text = 'mcp:\n  # issues\n  a:\n    command: x\n  # files\n  b:\n    command: y\n  # search\n  c:\n    command: z\n';
    const document = parseDocument(text);
    const before = loaded(text);
    const { c: _c, ...mcp } = before.mcp;
    applyConfigChanges(document, before, { ...before, mcp });
    expect(document.toString()).toBe('mcp:\n  # issues\n  a:\n    command: x\n  # files\n  b:\n    command: y\n');
  });

  it('the first of an MCP server’s env values removed takes its comment; the next keeps its own', () => {
    const text = 'mcp:\n  gh:\n    command: x\n    env:\n      # the old token\n      OLD_TOKEN: abcd\n      # the new one\n      GITHUB_TOKEN: efgh\n';
    const document = parseDocument(text);
    const before = loaded(text);
    const { OLD_TOKEN: _old, ...env } = before.mcp['gh']!.env;
    applyConfigChanges(document, before, { ...before, mcp: { gh: { ...before.mcp['gh']!, env } } });
    expect(document.toString()).toBe('mcp:\n  gh:\n    command: x\n    env:\n      # the new one\n      GITHUB_TOKEN: efgh\n');
  });

  it('the only node or MCP server removed leaves the rest of the file saved', () => {
    const one = 'cluster:\n  nodes:\n    # the laptop\n    - { name: laptop, host: localhost, model: m, tier: 0 }\nmcp:\n  # GitHub\n  gh:\n    command: x\n';
    const document = parseDocument(one);
    const before = loaded(one);
    applyConfigChanges(document, before, { ...before, cluster: { ...before.cluster!, nodes: [] }, mcp: {} });
    expect(parseConfigText(document.toString(), 'harombe.yaml').config).toEqual({ ...before, cluster: { ...before.cluster!, nodes: [] }, mcp: {} });
  });
});

describe('applyConfigChanges removing the first section of the file', () => {
  const before = { cluster: { nodes: [] }, model: { name: 'x' } };
  const after = { model: { name: 'x' } };
  const removeCluster = (text: string) => {
    const document = parseDocument(text);
    applyConfigChanges(document, before, after);
    return document.toString();
  };

  it("keeps the file's header above a blank line, and drops the section's own comment with it", () => {
    expect(removeCluster('# harombe config — edited by hand\n\n# my two machines\ncluster:\n  nodes: []\nmodel:\n  name: x\n')).toBe(
      '# harombe config — edited by hand\n\nmodel:\n  name: x\n',
    );
  });

  it('keeps a comment right above it when the next section has none (it may be about the file)', () => {
    expect(removeCluster('# harombe config\ncluster:\n  nodes: []\nmodel:\n  name: x\n')).toBe('# harombe config\n\nmodel:\n  name: x\n');
  });

  it('drops a comment right above it when the next section has its own (each section is described)', () => {
    expect(removeCluster('# the cluster\ncluster:\n  nodes: []\n# the model\nmodel:\n  name: x\n')).toBe('# the model\nmodel:\n  name: x\n');
  });
});
