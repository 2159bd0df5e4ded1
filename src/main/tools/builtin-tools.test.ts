import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolsConfigSchema } from '../../shared';
import { createBuiltinTools } from './builtin-tools';
import type { SpawnProcess } from './run-command';
import type { SandboxDetector } from './sandbox';
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

  it('hands the shell tool its sandbox, hidden paths, environment and secrets: a command runs confined, without them', async () => {
    const workspace = await realpath(await mkdtemp(join(tmpdir(), 'harombe-builtins-')));
    const home = join(workspace, '.harombe');
    await mkdir(home);
    try {
      const seen: { program: string; args: readonly string[]; env: NodeJS.ProcessEnv | undefined }[] = [];
      // Records what would run, then runs `true` instead: no bwrap needed, nothing of the command executed.
      const recording: SpawnProcess = (program, args, options) => {
        seen.push({ program, args, env: options.env });
        return spawn('true', [], options);
      };
      const detector = { detect: async () => ({ mode: 'bwrap', reason: 'test', executable: '/opt/fake/bwrap' }) } as unknown as SandboxDetector;
      const tools = createBuiltinTools(toolsConfigSchema.parse({ filesystem: false, web_search: false }), {
        sandboxDetector: detector,
        spawn: recording,
        hiddenPaths: [home],
        environment: { PATH: '/usr/bin', HOME: '/home/me', NOTES: 'tok-secret-123' },
        secrets: ['tok-secret-123'],
      });
      const result = await tools[0]?.execute({ command: 'cat notes.md' }, { workspace, signal: new AbortController().signal });
      expect(result).toMatchObject({ ok: true, output: expect.stringContaining('[exit code 0]') });
      const [run] = seen;
      expect(run?.program).toBe('/opt/fake/bwrap');
      // harombe's home is covered inside the sandbox (bubblewrap-confinement.ts).
      expect(run?.args.join(' ')).toContain(home);
      expect(run?.env).toMatchObject({ PATH: '/usr/bin' });
      expect(Object.values(run?.env ?? {})).not.toContain('tok-secret-123');
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  });

  it('searches the SearXNG instance the config names, else DuckDuckGo at the address given, through the fetch given', async () => {
    const asked: string[] = [];
    const fetch = (async (url: string | URL) => {
      asked.push(String(url));
      return new Response(JSON.stringify({ results: [] }), { headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    const search = (config: Record<string, unknown>) => {
      const [tool] = createBuiltinTools(toolsConfigSchema.parse({ shell: false, filesystem: false, ...config }), { fetch, duckDuckGoUrl: 'http://127.0.0.1:9/html/' });
      return tool?.execute({ query: 'harombe' }, { workspace: '/tmp', signal: new AbortController().signal });
    };
    await search({ searxng_url: 'http://127.0.0.1:8/' });
    await search({});
    expect(asked.map((url) => new URL(url).origin + new URL(url).pathname)).toEqual(['http://127.0.0.1:8/search', 'http://127.0.0.1:9/html/']);
  });
});
