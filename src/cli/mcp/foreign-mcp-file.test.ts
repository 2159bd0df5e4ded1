import { describe, expect, it } from 'vitest';
import { ForeignFileError, readForeignMcpFile } from './foreign-mcp-file';

describe('readForeignMcpFile', () => {
  it('reads mcpServers, VS Code’s servers, and settings.json’s mcp.servers, comments and trailing commas allowed', () => {
    expect(readForeignMcpFile('{"mcpServers": {"a": {"command": "x"}}}', 'f.json')).toEqual({ key: 'mcpServers', servers: [{ name: 'a', entry: { command: 'x' } }] });
    expect(readForeignMcpFile('{ // mine\n "servers": { "b": { "url": "http://h/mcp" }, }, }', 'mcp.json').key).toBe('servers');
    const settings = readForeignMcpFile('{ "editor.fontSize": 14, /* MCP */ "mcp": { "servers": { "c": { "command": "y" } } } }', 'settings.json');
    expect(settings).toEqual({ key: 'mcp.servers', servers: [{ name: 'c', entry: { command: 'y' } }] });
  });

  it('reads a file saved with a byte-order mark (Notepad on Windows)', () => {
    expect(readForeignMcpFile('\uFEFF{"mcpServers": {"a": {"command": "x"}}}', 'claude_desktop_config.json').servers).toEqual([{ name: 'a', entry: { command: 'x' } }]);
  });

  it('names the line and column of a syntax error', () => {
    const error = (() => {
      try {
        readForeignMcpFile('{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}', 'claude.json');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ForeignFileError);
    expect((error as Error).message).toBe('claude.json:4:5 is not valid JSON (CommaExpected)');
  });

  it('says what it found when the file is JSON of another kind', () => {
    expect(() => readForeignMcpFile('{}', 'e.json')).toThrow('e.json is not an MCP server list: it has no "mcpServers" or "servers" object (it is empty)');
    expect(() => readForeignMcpFile('"text"', 't.json')).toThrow('its top level is not a JSON object');
    expect(() => readForeignMcpFile('', 'empty.json')).toThrow(ForeignFileError);
  });
});
