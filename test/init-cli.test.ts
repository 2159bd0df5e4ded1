// The built `harombe init`: writes a private, valid, commented config for this (GPU-less) machine and checks Ollama.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../src/main/config';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let closedPortHost: string;
let fakeOllama: Server;
let fakeOllamaHost: string;

async function harombe(home: string, args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(root, 'bin/harombe.js'), ...args], {
      cwd: home,
      env: { ...process.env, HAROMBE_HOME: home, NO_COLOR: '1', NODE_COMPILE_CACHE: join(tmpdir(), 'harombe-init-cli-compile-cache') },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** `harombe init -y` in a fresh HAROMBE_HOME; Ollama is "down" unless the args name another host. */
async function init(args: string[] = []): Promise<CliResult & { home: string; path: string }> {
  const home = await mkdtemp(join(tmpdir(), 'harombe-init-cli-'));
  const hostArgs = args.includes('--ollama-host') ? [] : ['--ollama-host', closedPortHost];
  const result = await harombe(home, ['init', '-y', ...hostArgs, ...args]);
  return { ...result, home, path: join(home, 'harombe.yaml') };
}

async function writtenConfig(path: string) {
  return parseConfigText(await readFile(path, 'utf8'), path).config;
}

/** A port nothing listens on: bind one on loopback, then let it go. */
async function closedLoopbackPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

beforeAll(async () => {
  await run(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  closedPortHost = `http://127.0.0.1:${await closedLoopbackPort()}`;
  // Just enough Ollama for init: its version, and one pulled model.
  fakeOllama = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/api/version') response.end(JSON.stringify({ version: '0.5.7' }));
    else if (request.url === '/api/tags') response.end(JSON.stringify({ models: [{ name: 'qwen2.5:1.5b', model: 'qwen2.5:1.5b', size: 986061892 }] }));
    else response.writeHead(404).end('404 page not found');
  });
  await new Promise<void>((done) => fakeOllama.listen(0, '127.0.0.1', done));
  fakeOllamaHost = `http://127.0.0.1:${(fakeOllama.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => (fakeOllama ? fakeOllama.close(() => done()) : done()));
});

// Each test has its own HAROMBE_HOME, so the CLI runs can overlap.
describe.concurrent('harombe init -y', () => {
  it('writes a private, valid config naming the CPU-only model, explains why, and says to start Ollama', async () => {
    const { code, stdout, stderr, path } = await init();
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const config = await writtenConfig(path);
    expect(config.model.name).toBe('qwen2.5:1.5b');
    expect(config.ollama.host).toBe(closedPortHost);
    expect(stdout).toContain('GPU:    none found');
    expect(stdout).toContain('Recommended model: qwen2.5:1.5b');
    expect(stdout).toMatch(/why: No GPU found; CPU-only with \d+(\.\d)? GB RAM → qwen2\.5:1\.5b \(small models keep CPU inference responsive\)/);
    expect(stdout).toContain(`Wrote ${path}`);
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/# Recommended by init: No GPU found; CPU-only/);
    expect(text).toContain('# Ask before a dangerous tool runs.');
    // Nothing listens at ollama.host: every step is still ahead.
    expect(stdout).toContain(`Ollama is not running: nothing is listening at ${closedPortHost}.`);
    expect(stdout).toContain('1. Start Ollama: `ollama serve`');
    expect(stdout).toContain('2. Pull the model: `ollama pull qwen2.5:1.5b`');
    expect(stdout).toContain('3. Start chatting: `harombe chat`');
  });

  it('refuses to overwrite an existing file without --force, and says how', async () => {
    const first = await init();
    const before = await readFile(first.path, 'utf8');
    const second = await harombe(first.home, ['init', '-y', '--ollama-host', closedPortHost, '--model', 'qwen2.5:7b']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`error: ${first.path} already exists`);
    expect(second.stderr).toContain('harombe init --force');
    expect(await readFile(first.path, 'utf8')).toBe(before);

    const forced = await harombe(first.home, ['init', '-y', '--force', '--ollama-host', closedPortHost, '--model', 'qwen2.5:7b']);
    expect(forced.code).toBe(0);
    expect((await writtenConfig(first.path)).model.name).toBe('qwen2.5:7b');
    expect(await readFile(`${first.path}.bak`, 'utf8')).toBe(before);
  });

  it('--model overrides the recommendation', async () => {
    const { code, stdout, path } = await init(['--model', 'llama3.2:3b']);
    expect(code).toBe(0);
    expect(stdout).toContain('Using llama3.2:3b (from --model).');
    expect((await writtenConfig(path)).model.name).toBe('llama3.2:3b');
  });

  it('--config writes there instead of the harombe home', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'harombe-init-cli-'));
    const custom = join(folder, 'node.yaml');
    const { code, stdout, home } = await init(['--config', custom]);
    expect(code).toBe(0);
    expect((await writtenConfig(custom)).model.name).toBe('qwen2.5:1.5b');
    await expect(stat(join(home, 'harombe.yaml'))).rejects.toThrow();
    expect(stdout).toContain(`Start chatting: \`harombe chat --config ${custom}\``);
  });
});

describe.concurrent('harombe init checks Ollama', () => {
  it('says to pull the model when Ollama runs without it', async () => {
    const { code, stdout } = await init(['--ollama-host', fakeOllamaHost, '--model', 'qwen2.5:7b']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Ollama 0.5.7 is running at ${fakeOllamaHost}, but qwen2.5:7b is not pulled yet.`);
    expect(stdout).toContain('1. Pull the model: `ollama pull qwen2.5:7b`');
    expect(stdout).not.toContain('ollama serve');
  });

  it('says to start chatting when the model is there', async () => {
    const { code, stdout, path } = await init(['--ollama-host', fakeOllamaHost]);
    expect(code).toBe(0);
    expect((await writtenConfig(path)).ollama.host).toBe(fakeOllamaHost);
    expect(stdout).toContain(`Ollama 0.5.7 is running at ${fakeOllamaHost} and has qwen2.5:1.5b.`);
    expect(stdout).toMatch(/Next:\n {2}1\. Start chatting: `harombe chat`\n$/);
  });

  it('rejects an --ollama-host that is not a URL, writing nothing', async () => {
    const { code, stderr, path } = await init(['--ollama-host', 'localhost:11434']);
    expect(code).toBe(2);
    expect(stderr).toContain('error: --ollama-host "localhost:11434" is not an http(s) URL');
    await expect(stat(path)).rejects.toThrow();
  });
});
