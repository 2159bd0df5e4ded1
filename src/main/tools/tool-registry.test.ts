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
});
