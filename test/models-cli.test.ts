// `harombe models list | pull | rm` end to end: the built CLI against the Ollama stand-in, Ctrl-C included.
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, runCli, type CliResult } from './support/run-cli';

const root = resolve(import.meta.dirname, '..');
let standIn: OllamaStandIn;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  standIn = await new OllamaStandIn({
    models: [{ name: 'qwen2.5:7b' }, { name: 'gemma:2b', tools: false, parameterSize: '3B', quantization: 'Q4_0', size: 1_678_447_520 }, { name: 'old:1b' }],
  }).start();
});
afterEach(() => {
  standIn.configure({ pullable: 'any', tokenDelayMs: 0 });
});
afterAll(async () => {
  await standIn.stop();
});

async function setUp(host = standIn.url): Promise<{ home: string; config: string }> {
  const home = await makeHome();
  const config = join(home, 'harombe.yaml');
  await writeFile(config, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${host}\n  timeout: 10\n`);
  return { home, config };
}

async function models(...args: string[]): Promise<CliResult> {
  const { home, config } = await setUp();
  return runCli(['models', ...args, '--config', config], { home });
}

const lineOf = (text: string, pattern: RegExp) => text.split('\n').find((line) => pattern.test(line));

describe('harombe models list', () => {
  it('shows the models Ollama has and marks the configured one', async () => {
    const result = await models('list');
    expect(result.stdout.split('\n')[0]).toMatch(/^ {2}NAME\s+SIZE\s+PARAMS\s+QUANT\s+TOOLS\s+MODIFIED$/);
    expect(lineOf(result.stdout, /qwen2\.5:7b/)).toMatch(/^● qwen2\.5:7b\s+4\.7 GB\s+7\.6B\s+Q4_K_M\s+yes\s+just now$/);
    expect(lineOf(result.stdout, /gemma:2b/)).toMatch(/^ {2}gemma:2b\s+1\.7 GB\s+3B\s+Q4_0\s+no\s+just now$/);
    expect(result.stdout).toContain('● configured in model.name');
    expect(result.code).toBe(0);
  });

  it('says clearly when Ollama is not running', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as AddressInfo;
    await new Promise((done) => closed.close(done));
    const { home, config } = await setUp(`http://127.0.0.1:${port}`);
    const result = await runCli(['models', '--config', config], { home });
    expect(result.stderr.split('\n')[0]).toBe(`error: Ollama is not running at http://127.0.0.1:${port} — start it with \`ollama serve\`.`);
    expect(result.stderr).not.toMatch(/\bat .*\.m?js:\d+/);
    expect(result.code).toBe(1);
  });
});

describe('harombe models pull', () => {
  it('prints progress lines when not on a terminal, and the model is then in Ollama', async () => {
    const result = await models('pull', 'llama3.2:3b');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('pulling manifest');
    expect(lines).toContainEqual(expect.stringMatching(/^pulling [0-9a-f]{12}: 2\.3 GB \/ 4\.7 GB \(50%\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^pulling [0-9a-f]{12}: 4\.7 GB \/ 4\.7 GB \(100%\)/));
    expect(lines).toContain('verifying sha256 digest');
    expect(lines).toContain('pulled llama3.2:3b');
    expect(result.code).toBe(0);
    expect(standIn.hasModel('llama3.2:3b')).toBe(true);
  });

  it("fails an unknown model with Ollama's message and exit code 1", async () => {
    standIn.configure({ pullable: ['qwen2.5:7b'] });
    const result = await models('pull', 'nosuch:1b');
    const [message, hint] = result.stderr.split('\n');
    // Said as an unknown name, not as a network failure to retry, with where valid names are found.
    expect(message).toBe('error: nosuch:1b is not a model Ollama knows (Ollama said: pull model manifest: file does not exist).');
    expect(hint).toContain('https://ollama.com/library');
    expect(hint).toContain('`ollama list`');
    expect(hint).toContain('`harombe models list`');
    expect(result.stderr).not.toMatch(/try again|middle of the answer/i);
    expect(result.stdout).toBe('pulling manifest\n');
    expect(result.code).toBe(1);
  });

  it('cancels cleanly on Ctrl-C: "pull cancelled", exit code 130, no stack trace', async () => {
    standIn.configure({ tokenDelayMs: 5000 });
    const { home, config } = await setUp();
    const child = spawn(process.execPath, [join(root, 'bin', 'harombe.js'), 'models', 'pull', 'slow:7b', '--config', config], {
      cwd: home,
      env: { PATH: process.env['PATH'] ?? '', HOME: home, HAROMBE_HOME: home, NO_COLOR: '1', NODE_COMPILE_CACHE: join(tmpdir(), 'harombe-test-compile-cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const first = stdout === '';
      stdout += chunk.toString();
      // The first progress line means the pull is under way: that is when a person would press Ctrl-C.
      if (first) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stdout.split('\n')[0]).toBe('pulling manifest');
    expect(stderr).toContain('pull cancelled');
    expect(stderr).not.toMatch(/Error|\bat .*:\d+:\d+/);
    expect(code).toBe(130);
    expect(standIn.hasModel('slow:7b')).toBe(false);
  });
});

describe('harombe models rm', () => {
  it('deletes a model', async () => {
    const result = await models('rm', 'old:1b');
    expect(result.stdout).toBe('deleted old:1b\n');
    expect(result.code).toBe(0);
    expect(standIn.hasModel('old:1b')).toBe(false);
  });
});
