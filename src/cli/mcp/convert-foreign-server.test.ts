import { describe, expect, it } from 'vitest';
import { convertForeignServer, type Conversion } from './convert-foreign-server';

function refusal(conversion: Conversion): string {
  if (conversion.ok) throw new Error(`expected a refusal, got ${JSON.stringify(conversion.server)}`);
  return conversion.reason;
}

describe('convertForeignServer: what maps', () => {
  it.each([
    ['a stdio server (Claude Desktop)', { command: 'npx', args: ['-y', 'pkg'], env: { KEY: 'v' } }, { command: 'npx', args: ['-y', 'pkg'], env: { KEY: 'v' } }, 'stdio'],
    ['type stdio, empty args and env left out', { type: 'stdio', command: 'uvx', args: [], env: {} }, { command: 'uvx' }, 'stdio'],
    ['cwd kept', { command: 'node', args: ['index.js'], cwd: '/srv/mcp' }, { command: 'node', args: ['index.js'], cwd: '/srv/mcp' }, 'stdio'],
    ['a url without type (Cursor, LM Studio)', { url: 'https://x.example/mcp', headers: { Authorization: 'Bearer t' } }, { url: 'https://x.example/mcp', headers: { Authorization: 'Bearer t' } }, 'http'],
    ['type http (VS Code)', { type: 'http', url: 'https://x.example/mcp/' }, { url: 'https://x.example/mcp/' }, 'http'],
    ['type streamable-http', { type: 'streamable-http', url: 'http://localhost:1/mcp' }, { url: 'http://localhost:1/mcp' }, 'http'],
    ['serverUrl (Windsurf)', { serverUrl: 'https://x.example/mcp' }, { url: 'https://x.example/mcp' }, 'http'],
    ['disabled: true → enabled: false', { command: 'x', disabled: true }, { command: 'x', enabled: false }, 'stdio'],
    ['enabled: false kept', { url: 'https://x.example/mcp', enabled: false }, { url: 'https://x.example/mcp', enabled: false }, 'http'],
    ['disabled: false is the default', { command: 'x', disabled: false }, { command: 'x' }, 'stdio'],
    ['numbers in env and args become text', { command: 'x', args: ['--port', 8080], env: { DEBUG: 1, ON: true } }, { command: 'x', args: ['--port', '8080'], env: { DEBUG: '1', ON: 'true' } }, 'stdio'],
  ])('%s', (_case, entry, server, transport) => {
    expect(convertForeignServer(entry)).toEqual({ ok: true, server, transport, ignored: [] });
  });

  it('lists the keys it ignores (another app’s approvals, descriptions)', () => {
    const conversion = convertForeignServer({ command: 'x', autoApprove: ['read'], description: 'd', timeout: 60 });
    expect(conversion).toMatchObject({ ok: true, ignored: ['autoApprove', 'description', 'timeout'] });
  });
});

describe('convertForeignServer: what cannot work is refused, saying why', () => {
  it.each([
    ['type sse', { type: 'sse', url: 'https://x.example/events' }, 'it is an SSE server (type "sse")'],
    ['transport sse', { transport: 'SSE', url: 'https://x.example/events' }, 'it is an SSE server (type "sse")'],
    ['a url ending in /sse', { url: 'http://localhost:8931/sse' }, 'its url ends in /sse, the older SSE transport'],
    ['another transport', { type: 'websocket', url: 'ws://x' }, 'its transport "websocket" is not one harombe speaks'],
    ['both command and url', { command: 'x', url: 'https://x.example/mcp' }, 'it has both a command and a url'],
    ['neither', { args: ['x'] }, 'it has neither a command nor a url'],
    ['a blank command', { command: '  ' }, 'it has neither a command nor a url'],
    ['type http with a command', { type: 'http', command: 'x' }, 'it says type "http" but gives a command, not a url'],
    ['type stdio with a url', { type: 'stdio', url: 'https://x.example/mcp' }, 'it says type "stdio" but gives a url, not a command'],
    ['envFile', { command: 'x', envFile: '${workspaceFolder}/.env' }, 'it reads its environment from envFile'],
    ['args not a list', { command: 'x', args: '-y pkg' }, 'its args is not a list of strings'],
    ['env with an object value', { command: 'x', env: { A: { nested: 1 } } }, 'its env is not an object of names and text values'],
    ['env null (VS Code: unset)', { command: 'x', env: { A: null } }, 'its env is not an object of names and text values'],
    ['headers as a list', { url: 'https://x.example/mcp', headers: ['Authorization: x'] }, 'its headers is not an object of names and text values'],
    ['a ${input:…} in env', { command: 'x', env: { KEY: '${input:key}' } }, 'its env.KEY uses ${input:key}, a variable the other app fills in and harombe does not'],
    ['a ${env:…} in a header', { url: 'https://x.example/mcp', headers: { Authorization: 'Bearer ${env:TOKEN}' } }, 'its headers.Authorization uses ${env:TOKEN}'],
    ['${workspaceFolder} in args', { command: 'node', args: ['${workspaceFolder}/server.js'] }, 'its args[0] uses ${workspaceFolder}'],
    ['a url that is not http(s)', { type: 'http', url: 'file:///etc/passwd' }, 'its url'],
    ['not an object', 'npx pkg', 'its entry is not an object'],
  ])('%s', (_case, entry, reason) => {
    expect(refusal(convertForeignServer(entry))).toContain(reason);
  });

  it('never puts a secret value in the reason', () => {
    expect(refusal(convertForeignServer({ url: 'https://x.example/sse', headers: { Authorization: 'Bearer sk-very-secret' } }))).not.toContain('sk-very');
    expect(refusal(convertForeignServer({ command: 'x', env: { KEY: 'sk-very-secret-${input:k}' } }))).not.toContain('sk-very');
  });
});
