// `harombe chat` end to end: the built CLI, a real config, the Ollama stand-in, tools acting in a real workspace.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, runCli } from './support/run-cli';

let standIn: OllamaStandIn;

beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }, { name: 'gemma:2b', tools: false }] }).start();
});
afterAll(async () => {
  await standIn.stop();
});
afterEach(() => {
  standIn.reset();
});

async function setUp(extra = '', host?: string): Promise<{ home: string; workspace: string; args: string[] }> {
  const home = await makeHome();
  const workspace = join(home, 'project');
  await mkdir(workspace, { recursive: true });
  const config = join(home, 'harombe.yaml');
  await writeFile(
    config,
    `model:\n  name: qwen2.5:7b\nollama:\n  host: ${host ?? standIn.url}\n  timeout: 5\ntools:\n  sandbox: none\n  web_search: false\n${extra}`,
  );
  return { home, workspace, args: ['--config', config, '--workspace', workspace] };
}

function events(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('harombe chat (one-shot, against the Ollama stand-in)', () => {
  it('streams an answer and prints it', async () => {
    standIn.on({ lastUserMessage: /hello/i }).reply(['Hi', ' there', '!']);
    const { home, args } = await setUp();
    const result = await runCli(['chat', ...args, '-m', 'Hello'], { home });
    // The one line on stderr: this config's shell runs unconfined.
    expect(result.stderr).toBe('warning: shell commands run unconfined (no sandbox): tools.sandbox is none in harombe.yaml\n');
    expect(result.stdout.trim()).toBe('Hi there!');
    expect(result.code).toBe(0);
  });

  it('remembers turn one in turn two of the same conversation', async () => {
    standIn.on({ lastUserMessage: /name is/ }).reply('Nice to meet you, Ada.');
    standIn.on({ lastUserMessage: /my name\?/ }).reply((request) =>
      request.messages.some((message) => message.role === 'user' && /my name is Ada/.test(String(message.content))) ? 'You are Ada.' : 'I do not know.',
    );
    const { home, args } = await setUp();
    const first = await runCli(['chat', ...args, '--json', '-m', 'Hi, my name is Ada'], { home });
    const done = events(first.stdout).find((event) => event['type'] === 'done');
    expect(done).toBeDefined();
    const second = await runCli(['chat', ...args, '--conversation', String(done!['conversation_id']), '-m', "What's my name?"], { home });
    expect(second.stdout.trim()).toBe('You are Ada.');
  });

  it('runs an approved shell command in the workspace and answers with its output (--yes)', async () => {
    standIn.on({ lastUserMessage: /which files/ }).callTool('shell', { command: 'ls' });
    standIn.on({ afterToolResult: 'shell' }).reply((request) => `Files: ${request.lastToolResult?.content.replace(/\s+/g, ' ').trim()}`);
    const { home, workspace, args } = await setUp();
    await writeFile(join(workspace, 'notes.txt'), 'x');
    const result = await runCli(['chat', ...args, '--yes', '-m', 'which files are here?'], { home });
    expect(result.stdout).toContain('notes.txt');
    expect(result.stderr).toMatch(/approved shell: ls/);
    expect(result.code).toBe(0);
  });

  it('denies a dangerous tool when no terminal is attached and --yes is not given; the model still answers', async () => {
    standIn.on({ lastUserMessage: /make a file/ }).callTool('shell', { command: 'touch created.txt' });
    standIn.on({ afterToolResult: 'shell' }).reply((request) => `Tool said: ${request.lastToolResult?.content}`);
    const { home, workspace, args } = await setUp();
    const result = await runCli(['chat', ...args, '-m', 'make a file'], { home });
    expect(result.stdout).toMatch(/Tool said: .*(not run|declined)/);
    await expect(readFile(join(workspace, 'created.txt'))).rejects.toThrow();
    expect(result.code).toBe(0);
  });

  it('says Ollama is not running, with the fix, and exits 1', async () => {
    const closed = await new OllamaStandIn().start();
    const url = closed.url;
    await closed.stop();
    const { home, args } = await setUp('', url);
    const result = await runCli(['chat', ...args, '-m', 'hi'], { home });
    expect(result.stderr).toContain(`Ollama is not running at ${url}`);
    expect(result.stderr).toContain('ollama serve');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(1);
  });

  it('says which model is missing and how to pull it, and exits 1', async () => {
    const { home, args } = await setUp();
    const config = args[1]!;
    await writeFile(config, (await readFile(config, 'utf8')).replace('qwen2.5:7b', 'llama3.1:8b'));
    const result = await runCli(['chat', ...args, '-m', 'hi'], { home });
    expect(result.stderr).toContain('llama3.1:8b is not pulled');
    expect(result.stderr).toContain('ollama pull llama3.1:8b');
    expect(result.code).toBe(1);
  });

  it("reports the server's 500 and exits 1", async () => {
    standIn.on({ lastUserMessage: /crash/ }).failWith(500, 'llama runner process has terminated');
    const { home, args } = await setUp();
    const result = await runCli(['chat', ...args, '-m', 'crash please'], { home });
    expect(result.stderr).toContain('llama runner process has terminated');
    expect(result.code).toBe(1);
  });

  it('runs a model without tool support without tools, and says so', async () => {
    standIn.on({ lastUserMessage: /hi/ }).reply('hello');
    const { home, args } = await setUp();
    const config = args[1]!;
    await writeFile(config, (await readFile(config, 'utf8')).replace('qwen2.5:7b', 'gemma:2b'));
    const result = await runCli(['chat', ...args, '-m', 'hi'], { home });
    expect(result.stdout.trim()).toBe('hello');
    expect(result.stderr).toMatch(/gemma:2b does not support tool calling/);
    expect(standIn.lastChatRequest?.toolNames ?? []).toEqual([]);
  });

  it('rejects a broken config with its line and column, and exits 1', async () => {
    const { home, args } = await setUp('agent:\n  max_steps: 99\n');
    const result = await runCli(['chat', ...args, '-m', 'hi'], { home });
    expect(result.stderr).toMatch(/harombe\.yaml:\d+:\d+ agent\.max_steps/);
    expect(result.code).toBe(1);
  });
});
