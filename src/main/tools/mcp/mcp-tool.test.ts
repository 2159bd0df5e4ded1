// An MCP server's tool as the model and the person approving it meet it, with the server's call replaced by a script.
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_LIMIT_BYTES } from '../output-cap';
import type { McpToolDefinition } from './mcp-connection';
import { McpCallError } from './mcp-errors';
import { createMcpTool, type McpToolCaller } from './mcp-tool';

const echo: McpToolDefinition = {
  name: 'echo',
  description: 'Echoes the message back',
  inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
};
const context = () => ({ workspace: '/tmp', signal: new AbortController().signal });
const replying = (text: string, isError = false): McpToolCaller => async () => ({ content: [{ type: 'text', text }], isError });

describe('createMcpTool', () => {
  it('is named server__tool, keeps the server, its description and its JSON Schema as the server wrote it', () => {
    const tool = createMcpTool({ server: 'everything', definition: echo, call: replying('') });
    expect(tool).toMatchObject({ name: 'everything__echo', server: 'everything', description: 'Echoes the message back', parameters: echo.inputSchema });
  });

  it('describes a tool without a description by its title, else by name and server', () => {
    const { description: _none, ...bare } = echo;
    expect(createMcpTool({ server: 's', definition: { ...bare, title: 'Echo it' }, call: replying('') }).description).toBe('Echo it');
    expect(createMcpTool({ server: 's', definition: bare, call: replying('') }).description).toBe('echo (from the MCP server "s")');
  });

  it('is dangerous unless the server says read-only, and a config override says otherwise', () => {
    expect(createMcpTool({ server: 's', definition: echo, call: replying('') }).dangerous).toBe(true);
    const readOnly = { ...echo, annotations: { readOnlyHint: true } };
    expect(createMcpTool({ server: 's', definition: readOnly, call: replying('') }).dangerous).toBe(false);
    expect(createMcpTool({ server: 's', definition: readOnly, override: { enabled: true, dangerous: true }, call: replying('') }).dangerous).toBe(true);
  });

  it('shows the approval line as server, tool and arguments on one line, cut at 300 characters', () => {
    const tool = createMcpTool({ server: 'everything', definition: echo, call: replying('') });
    expect(tool.describe({ message: 'hi  there' })).toBe('everything: echo {"message":"hi there"}');
    const long = tool.describe({ message: 'x'.repeat(400) });
    expect(long).toHaveLength(300);
    expect(long.endsWith('x…')).toBe(true);
    expect(tool.describe({ message: 'y'.repeat(300 - 'everything: echo {"message":""}'.length) })).not.toContain('…');
  });

  it('puts every run of whitespace in the approval line into one space', () => {
    const tool = createMcpTool({ server: 's', definition: { ...echo, name: 'two\n\tlines' }, call: replying('') });
    expect(tool.describe({})).toBe('s: two lines {}');
  });

  it('checks the model’s arguments against the tool’s schema before anything is sent', () => {
    const tool = createMcpTool({ server: 's', definition: echo, call: replying('') });
    expect(tool.inputSchema.safeParse({ message: 'hi' }).success).toBe(true);
    const wrong = tool.inputSchema.safeParse({ message: 5 });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toMatch(/message.*string/);
  });

  it('leaves arguments to the server when its schema cannot be compiled', () => {
    const tool = createMcpTool({ server: 's', definition: { ...echo, inputSchema: { type: 'object', properties: { a: { type: 'no-such-type' } } } as never }, call: replying('') });
    expect(tool.inputSchema.safeParse({ a: 1 }).success).toBe(true);
  });

  it('passes the tool’s own name, the arguments and the turn’s signal to the server, and gives back its text', async () => {
    const seen: unknown[] = [];
    const tool = createMcpTool({
      server: 's',
      definition: echo,
      call: async (name, args, signal) => {
        seen.push(name, args, signal.aborted);
        return { content: [{ type: 'text', text: 'hi' }] };
      },
    });
    expect(await tool.execute({ message: 'hi' }, context())).toEqual({ ok: true, output: 'hi' });
    expect(seen).toEqual(['echo', { message: 'hi' }, false]);
  });

  it('a result the server marks as an error is a failed call with the server’s words', async () => {
    const tool = createMcpTool({ server: 's', definition: echo, call: replying('no such file', true) });
    expect(await tool.execute({ message: 'x' }, context())).toEqual({ ok: false, output: 'no such file' });
  });

  it('caps a long result like the built-ins’ output', async () => {
    const big = 'z'.repeat(DEFAULT_OUTPUT_LIMIT_BYTES * 2);
    const output = (await createMcpTool({ server: 's', definition: echo, call: replying(big) }).execute({ message: 'x' }, context())).output;
    expect(output.length).toBeLessThan(big.length);
    const small = (await createMcpTool({ server: 's', definition: echo, call: replying('z'.repeat(100)), outputLimitBytes: 20 }).execute({ message: 'x' }, context())).output;
    expect(small).toContain('z'.repeat(10));
    expect(small).not.toContain('z'.repeat(21));
  });

  it('words a call the server could not run from the tool’s name on, and any other failure as failed', async () => {
    const stopped = createMcpTool({ server: 's', definition: echo, call: () => Promise.reject(new McpCallError('was not run: the MCP server "s" is restarting')) });
    expect(await stopped.execute({ message: 'x' }, context())).toEqual({ ok: false, output: 's__echo was not run: the MCP server "s" is restarting' });
    const broken = createMcpTool({ server: 's', definition: echo, call: () => Promise.reject(new Error('Invalid params')) });
    expect(await broken.execute({ message: 'x' }, context())).toEqual({ ok: false, output: 's__echo failed: Invalid params' });
    const odd = createMcpTool({ server: 's', definition: echo, call: () => Promise.reject('gone') });
    expect(await odd.execute({ message: 'x' }, context())).toEqual({ ok: false, output: 's__echo failed: gone' });
  });

  it('says a call stopped by the person was cancelled, whatever the server answered', async () => {
    const stop = new AbortController();
    const tool = createMcpTool({
      server: 's',
      definition: echo,
      call: () => {
        stop.abort();
        return Promise.reject(new McpCallError('did not finish: aborted'));
      },
    });
    expect(await tool.execute({ message: 'x' }, { workspace: '/tmp', signal: stop.signal })).toEqual({ ok: false, output: 's__echo was cancelled.' });
  });
});
