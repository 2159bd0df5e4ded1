import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { harombeConfigSchema } from '../../shared';
import { ConfigTextError, starterConfig } from './starter-config';

describe('starterConfig', () => {
  const text = starterConfig({ model: 'qwen2.5:7b', ollamaHost: 'http://gpu-box:11434', modelNote: 'Recommended by init: why\nit fits' });

  it('validates against the config schema with the chosen model and host', () => {
    const config = harombeConfigSchema.parse(parse(text));
    expect(config.model.name).toBe('qwen2.5:7b');
    expect(config.ollama.host).toBe('http://gpu-box:11434');
    expect(config).toEqual(harombeConfigSchema.parse({ model: { name: 'qwen2.5:7b' }, ollama: { host: 'http://gpu-box:11434' } }));
  });

  it("has the seed's sections, each key explained by a comment", () => {
    expect(Object.keys(parse(text) as object)).toEqual(['model', 'ollama', 'agent', 'tools', 'server']);
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
    expect(harombeConfigSchema.parse(parse(quoted)).model.name).toBe('yes');
  });

  it('refuses to produce a file the schema rejects, naming the key', () => {
    expect(() => starterConfig({ model: 'qwen2.5:7b', ollamaHost: 'localhost:11434', modelNote: '' })).toThrow(ConfigTextError);
    expect(() => starterConfig({ model: 'qwen2.5:7b', ollamaHost: 'ftp://x', modelNote: '' })).toThrow(/^ollama\.host: /);
  });
});
