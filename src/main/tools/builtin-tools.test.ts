import { describe, expect, it } from 'vitest';
import { toolsConfigSchema } from '../../shared';
import { createBuiltinTools } from './builtin-tools';
import { ToolRegistry } from './tool-registry';

const names = (config: Parameters<typeof toolsConfigSchema.parse>[0]) => createBuiltinTools(toolsConfigSchema.parse(config)).map((tool) => tool.name);

describe('createBuiltinTools', () => {
  it('enables every built-in tool by default, with shell and write_file marked dangerous', () => {
    const registry = new ToolRegistry(createBuiltinTools(toolsConfigSchema.parse({})));
    expect(registry.list().map(({ name, dangerous }) => [name, dangerous])).toEqual([
      ['shell', true],
      ['read_file', false],
      ['write_file', true],
      ['list_directory', false],
      ['web_search', false],
    ]);
  });

  it('honours the shell, filesystem and web_search switches', () => {
    expect(names({ shell: false })).toEqual(['read_file', 'write_file', 'list_directory', 'web_search']);
    expect(names({ filesystem: false })).toEqual(['shell', 'web_search']);
    expect(names({ web_search: false, shell: false })).toEqual(['read_file', 'write_file', 'list_directory']);
    expect(names({ shell: false, filesystem: false, web_search: false })).toEqual([]);
  });

  it('gives the model JSON Schema it can call, and approval lines a person can judge', () => {
    const registry = new ToolRegistry(createBuiltinTools(toolsConfigSchema.parse({ shell_timeout: 5 })));
    const shell = registry.definitions().find((definition) => definition.name === 'shell');
    expect(shell?.description).toContain('Stopped after 5 s');
    expect(shell?.parameters).toMatchObject({ type: 'object', required: ['command'] });
    expect(registry.prepare({ id: '1', name: 'write_file', arguments: '{"path":"notes/todo.md","content":"hi"}' })).toMatchObject({
      ok: true,
      dangerous: true,
      description: 'write_file: write 2 bytes to notes/todo.md',
    });
    expect(registry.prepare({ id: '2', name: 'shell', arguments: '{"command":"git status"}' })).toMatchObject({ description: 'shell: git status' });
    expect(registry.prepare({ id: '3', name: 'list_directory', arguments: '' })).toMatchObject({ ok: true, description: 'list_directory: list .' });
  });
});
