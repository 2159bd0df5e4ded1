// What an MCP tool is called for the model and whether a person is asked before it runs.
import { describe, expect, it } from 'vitest';
import { isDangerous, mcpToolName } from './mcp-tool-naming';

describe('mcpToolName', () => {
  it('prefixes the server and turns what a model refuses in a name into _, keeping letters, digits, _ and -', () => {
    expect(mcpToolName('files', 'read-File_2')).toBe('files__read-File_2');
    expect(mcpToolName('git', 'log.show/all me')).toBe('git__log_show_all_me');
  });

  it('cuts the name to the 64 characters models accept', () => {
    const name = mcpToolName('server', 'x'.repeat(100));
    expect(name).toBe(`server__${'x'.repeat(56)}`);
    expect(name).toHaveLength(64);
  });
});

describe('isDangerous', () => {
  it('asks before a tool unless its server says read-only', () => {
    expect(isDangerous({ name: 'write' }, undefined)).toBe(true);
    expect(isDangerous({ name: 'write', annotations: { readOnlyHint: false } }, undefined)).toBe(true);
    expect(isDangerous({ name: 'read', annotations: { readOnlyHint: true } }, undefined)).toBe(false);
  });

  it('a per-tool dangerous in the config wins either way', () => {
    expect(isDangerous({ name: 'read', annotations: { readOnlyHint: true } }, { enabled: true, dangerous: true })).toBe(true);
    expect(isDangerous({ name: 'write' }, { enabled: true, dangerous: false })).toBe(false);
    expect(isDangerous({ name: 'write' }, { enabled: true })).toBe(true);
  });
});
