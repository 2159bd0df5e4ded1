import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from './tool';
import { ToolRegistry } from './tool-registry';

const echo = defineTool({
  name: 'echo',
  description: 'Repeat text',
  inputSchema: z.object({ text: z.string().describe('what to repeat'), times: z.number().int().min(1).default(1) }),
  dangerous: false,
  describe: ({ text }) => text,
  execute: async ({ text, times }) => ({ ok: true, output: text.repeat(times) }),
});
const boom = defineTool({
  name: 'boom',
  description: 'Always fails',
  inputSchema: z.object({}),
  dangerous: true,
  describe: () => 'explode',
  execute: async () => {
    throw new Error('kaput');
  },
});
const context = { workspace: '/tmp', signal: new AbortController().signal };

describe('ToolRegistry', () => {
  const registry = new ToolRegistry([echo, boom]);

  it('describes tools to the model with JSON Schema from zod', () => {
    const [definition] = registry.definitions();
    expect(definition).toMatchObject({
      name: 'echo',
      parameters: { type: 'object', properties: { text: { type: 'string', description: 'what to repeat' } }, required: ['text'] },
    });
  });

  it('validates and runs a call', async () => {
    const prepared = registry.prepare({ id: '1', name: 'echo', arguments: '{"text":"ab","times":2}' });
    expect(prepared).toMatchObject({ ok: true, description: 'echo: ab', dangerous: false });
    if (!prepared.ok) throw new Error('expected ok');
    expect(await registry.execute(prepared, context)).toEqual({ ok: true, output: 'abab' });
  });

  it('turns unknown tools, broken JSON and wrong types into errors for the model', () => {
    expect(registry.prepare({ id: '1', name: 'nope', arguments: '{}' })).toMatchObject({ ok: false, error: expect.stringContaining('Unknown tool "nope". Available tools: echo, boom') });
    expect(registry.prepare({ id: '2', name: 'echo', arguments: '{"text":' })).toMatchObject({ ok: false, error: expect.stringContaining('not valid JSON') });
    expect(registry.prepare({ id: '3', name: 'echo', arguments: '{"text":5}' })).toMatchObject({ ok: false, error: expect.stringMatching(/Invalid arguments for echo: text: .*string/) });
  });

  it('turns a throwing tool into a failed result', async () => {
    const prepared = registry.prepare({ id: '1', name: 'boom', arguments: '' });
    if (!prepared.ok) throw new Error('expected ok');
    expect(await registry.execute(prepared, context)).toEqual({ ok: false, output: 'boom failed: kaput' });
  });

  it('names no tools when there are none, and an unknown tool is not one to ask about', () => {
    expect(new ToolRegistry([]).prepare({ id: '1', name: 'shell', arguments: '{}' })).toMatchObject({
      ok: false,
      dangerous: false,
      error: 'Unknown tool "shell". Available tools: none.',
    });
    expect(registry.prepare({ id: '2', name: 'nope', arguments: '{}' })).toMatchObject({ dangerous: false });
  });

  it('takes blank arguments as none, and quotes at most 200 characters of broken JSON back to the model', () => {
    expect(registry.prepare({ id: '1', name: 'boom', arguments: '  \n ' })).toMatchObject({ ok: true, arguments: {} });
    const broken = `{"text":"${'a'.repeat(300)}`;
    const prepared = registry.prepare({ id: '2', name: 'boom', arguments: broken });
    expect(prepared).toMatchObject({
      ok: false,
      dangerous: true,
      arguments: broken,
      error: `The arguments for boom are not valid JSON: ${broken.slice(0, 200)}. Send a JSON object matching the tool's parameters.`,
    });
  });

  it('names each wrong argument by its path, and the arguments as a whole when they are not an object', () => {
    const nested = defineTool({
      name: 'nested',
      description: 'Nested input',
      inputSchema: z.object({ where: z.object({ path: z.string() }), count: z.number() }),
      dangerous: false,
      describe: () => '',
      execute: async () => ({ ok: true, output: '' }),
    });
    const tools = new ToolRegistry([nested]);
    const wrong = tools.prepare({ id: '1', name: 'nested', arguments: '{"where":{"path":1},"count":"x"}' });
    expect(wrong.ok === false && wrong.error).toMatch(/^Invalid arguments for nested: where\.path: [^;]+; count: [^;]+\.$/);
    const notObject = tools.prepare({ id: '2', name: 'nested', arguments: '[1]' });
    expect(notObject.ok === false && notObject.error).toMatch(/^Invalid arguments for nested: \(arguments\): /);
  });

  it('says a tool stopped by the person was cancelled rather than failed', async () => {
    const prepared = registry.prepare({ id: '1', name: 'boom', arguments: '{}' });
    if (!prepared.ok) throw new Error('expected ok');
    const stop = new AbortController();
    stop.abort();
    expect(await registry.execute(prepared, { workspace: '/tmp', signal: stop.signal })).toEqual({ ok: false, output: 'boom was cancelled.' });
  });

  it('previews what a call would change; no preview, or one that fails, shows nothing', async () => {
    const change = { kind: 'binary' as const, path: 'a.png', bytes: 3 };
    const previewed = defineTool({ ...echo, name: 'previewed', preview: async () => change });
    const failing = defineTool({ ...echo, name: 'failing', preview: async () => Promise.reject(new Error('unreadable')) });
    const tools = new ToolRegistry([echo, previewed, failing]);
    const preview = (name: string) => {
      const prepared = tools.prepare({ id: '1', name, arguments: '{"text":"x"}' });
      if (!prepared.ok) throw new Error('expected ok');
      return tools.preview(prepared, context);
    };
    expect(await preview('previewed')).toEqual(change);
    expect(await preview('echo')).toBeUndefined();
    expect(await preview('failing')).toBeUndefined();
  });
});

describe('ToolRegistry with an MCP source', () => {
  const mcpTool = (name: string, dangerous = true) =>
    defineTool({
      name,
      description: `MCP ${name}`,
      inputSchema: z.object({}),
      parameters: { type: 'object', properties: { path: { type: 'string' } } },
      server: 'files',
      dangerous,
      describe: () => `files: ${name} {}`,
      execute: async () => ({ ok: true, output: 'done' }),
    });

  function source(initial: ReturnType<typeof mcpTool>[]) {
    const state = { tools: initial, version: 0, reads: 0 };
    return {
      state,
      tools: () => {
        state.reads += 1;
        return state.tools;
      },
      get version() {
        return state.version;
      },
    };
  }

  it('offers the source’s tools after the built-ins, with their server, and its own JSON Schema to the model', () => {
    const registry = new ToolRegistry([echo], source([mcpTool('files__read', false)]));
    expect(registry.list()).toEqual([
      { name: 'echo', description: 'Repeat text', dangerous: false },
      { name: 'files__read', description: 'MCP files__read', dangerous: false, server: 'files' },
    ]);
    expect(registry.size).toBe(2);
    expect(registry.definitions()[1]).toEqual({ name: 'files__read', description: 'MCP files__read', parameters: { type: 'object', properties: { path: { type: 'string' } } } });
  });

  it('an MCP call’s approval line is the tool’s own (it names its server), and the call says where it goes', () => {
    const registry = new ToolRegistry([echo], source([mcpTool('files__write')]));
    expect(registry.prepare({ id: '1', name: 'files__write', arguments: '{}' })).toMatchObject({ ok: true, dangerous: true, description: 'files: files__write {}', server: 'files' });
    expect(registry.prepare({ id: '2', name: 'echo', arguments: '{"text":"a"}' })).not.toHaveProperty('server');
  });

  it('follows the source as its servers come and go, reading it again only when its version moves', () => {
    const tools = source([]);
    const registry = new ToolRegistry([echo], tools);
    expect(registry.definitions().map((definition) => definition.name)).toEqual(['echo']);
    tools.state.tools = [mcpTool('files__read')];
    expect(registry.list().map((tool) => tool.name)).toEqual(['echo']);
    tools.state.version = 1;
    expect(registry.list().map((tool) => tool.name)).toEqual(['echo', 'files__read']);
    expect(registry.definitions().map((definition) => definition.name)).toEqual(['echo', 'files__read']);
    const reads = tools.state.reads;
    registry.list();
    registry.prepare({ id: '1', name: 'files__read', arguments: '{}' });
    expect(tools.state.reads).toBe(reads);
    tools.state.tools = [];
    tools.state.version = 2;
    expect(registry.prepare({ id: '2', name: 'files__read', arguments: '{}' })).toMatchObject({ ok: false, error: 'Unknown tool "files__read". Available tools: echo.' });
  });

  it('a source’s tool named like a built-in does not replace it', () => {
    const registry = new ToolRegistry([echo], source([mcpTool('echo'), mcpTool('files__read')]));
    expect(registry.list().map(({ name, server }) => [name, server])).toEqual([
      ['echo', undefined],
      ['files__read', 'files'],
    ]);
  });
});
