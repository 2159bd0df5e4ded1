import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../main/config';
import { approvalModeSchema, harombeConfigSchema } from '../../shared';
import { ConfigTextError, starterConfig } from './starter-config';

/** Uncomments the example lines (`# key: value`, `# - {…}`), leaving the explanations (sentences) commented. */
function uncomment(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const match = /^(\s*)# (.*)$/.exec(line);
      return match && /^\s*([a-z_]+:(\s|$)|- \{)/.test(match[2]!) ? `${match[1]}${match[2]}` : line;
    })
    .join('\n');
}

describe('starterConfig', () => {
  const text = starterConfig({ model: 'qwen2.5:7b', ollamaHost: 'http://gpu-box:11434', modelNote: 'Recommended by init: why\nit fits' });

  it('loads as harombe loads it, with the chosen model and host, no warnings, every example left commented out', () => {
    const { config, warnings } = parseConfigText(text, 'harombe.yaml');
    expect(warnings).toEqual([]);
    expect(config.model.name).toBe('qwen2.5:7b');
    expect(config.ollama.host).toBe('http://gpu-box:11434');
    expect(config).toEqual(harombeConfigSchema.parse({ model: { name: 'qwen2.5:7b' }, ollama: { host: 'http://gpu-box:11434' } }));
  });

  it('loads with its examples uncommented: safe approval rules, an approval mode and two MCP servers', () => {
    const uncommented = uncomment(text);
    const { config, warnings } = parseConfigText(uncommented, 'harombe.yaml');
    expect(warnings).toEqual([]);
    expect(config.tools.approval_mode).toBe('ask');
    expect(config.tools.approvals).toEqual([
      { tool: 'shell', match: 'git status', decision: 'allow' },
      { tool: 'shell', match: 'git diff', decision: 'allow' },
      { tool: 'shell', match: 'git log', decision: 'allow' },
      { tool: 'shell', match: 'git push', decision: 'ask' },
      { tool: 'read_file', match: '**/.env', decision: 'deny' },
    ]);
    expect(config.mcp['filesystem']).toMatchObject({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/path/to/folder'], enabled: true });
    expect(config.mcp['remote']).toMatchObject({ url: 'https://mcp.example.com/mcp', enabled: false });
    expect(config.tools.workspace).toBe('/path/to/folder');
    expect(config.server.auth_token).toBe('a-long-random-secret');
  });

  it('the approval mode line is live and names every mode', () => {
    const line = text.split('\n').findIndex((entry) => entry.startsWith('  approval_mode: '));
    expect(text.split('\n')[line]).toBe('  approval_mode: ask');
    const explained = text.split('\n').slice(line - 2, line).join(' ');
    for (const mode of approvalModeSchema.options) expect(explained).toContain(mode);
  });

  it("has the seed's sections, each key explained by a comment", () => {
    expect(Object.keys(parse(text) as object)).toEqual(['model', 'ollama', 'agent', 'tools', 'server', 'mcp']);
    const lines = text.split('\n');
    for (const key of ['name', 'quantization', 'context_length', 'temperature', 'host', 'timeout', 'max_steps', 'shell', 'confirm_dangerous', 'sandbox', 'port']) {
      const indexes = lines.flatMap((line, index) => (line.trimStart().startsWith(`${key}:`) ? [index] : []));
      expect(indexes.length, key).toBeGreaterThan(0);
      for (const index of indexes) expect(lines[index - 1]?.trimStart().startsWith('#'), `comment above ${key}`).toBe(true);
    }
  });

  it('keeps the note on one comment line', () => {
    expect(text).toContain('  # Recommended by init: why it fits\n');
  });

  it('quotes values YAML would misread', () => {
    const quoted = starterConfig({ model: 'yes', ollamaHost: 'http://localhost:11434', modelNote: '' });
    expect(parseConfigText(quoted, 'harombe.yaml').config.model.name).toBe('yes');
  });

  it('refuses to produce a file the schema rejects, naming the key', () => {
    expect(() => starterConfig({ model: 'qwen2.5:7b', ollamaHost: 'localhost:11434', modelNote: '' })).toThrow(ConfigTextError);
    expect(() => starterConfig({ model: 'qwen2.5:7b', ollamaHost: 'ftp://x', modelNote: '' })).toThrow(/^ollama\.host: /);
  });
});
