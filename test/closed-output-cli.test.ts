// `harombe … | head -1`: when the reader of stdout goes away, every command that prints ends quietly with status 0.
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../src/main/runtime';
import { OllamaStandIn } from './support/ollama-stand-in';
import { cliEnvironment, makeHome } from './support/run-cli';

const root = resolve(import.meta.dirname, '..');
const BIN = join(root, 'bin', 'harombe.js');
/** Enough tokens that the answer is still being written when the reader leaves after its first line. */
const LONG_ANSWER = Array.from({ length: 400 }, (_, index) => `word${index} `);

let standIn: OllamaStandIn;
let runtime: HarombeRuntime;
let home: string;
let config: string;
let clusterConfig: string;
let base: string;
let previousHome: string | undefined;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }], tokenDelayMs: 2 }).start();
  standIn.otherwise().reply(LONG_ANSWER);
  home = await makeHome();
  config = join(home, 'harombe.yaml');
  // No shell tool: no "unconfined" warning, so stderr is empty when all goes well.
  await writeFile(config, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\n  timeout: 10\ntools:\n  shell: false\n  web_search: false\n`);
  clusterConfig = join(home, 'cluster.yaml');
  const node = `    - name: box\n      host: 127.0.0.1\n      port: ${standIn.port}\n      model: qwen2.5:7b\n      tier: 0\n      kind: ollama\n`;
  await writeFile(clusterConfig, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ncluster:\n  nodes:\n${node}`);
  previousHome = process.env['HAROMBE_HOME'];
  process.env['HAROMBE_HOME'] = home;
  runtime = await HarombeRuntime.create({ configPath: config, port: 0 });
  base = (await runtime.start()).url;
}, 60_000);
afterAll(async () => {
  await runtime?.stop({ graceDeadlineMs: 1000 });
  await standIn?.stop();
  if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
  else process.env['HAROMBE_HOME'] = previousHome;
});

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  firstLine: string;
}

/**
 * Runs the built CLI with stdout read by something that leaves: after the first line (`| head -1`), or before
 * anything is written (`| true`), which is how a command that prints everything at once meets a closed pipe.
 */
function runIntoClosingReader(args: string[], leave: 'after-first-line' | 'at-once', configFile = config): Promise<Ended> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args, '--config', configFile], {
      cwd: home,
      env: cliEnvironment(home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (leave === 'at-once') child.stdout.destroy();
    else {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('\n')) child.stdout.destroy();
      });
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stderr, firstLine: stdout.split('\n')[0] ?? '' });
    });
  });
}

describe('a closed stdout ends a command quietly with status 0', () => {
  it('harombe chat -m … --json | head -1 (in this process)', async () => {
    const ended = await runIntoClosingReader(['chat', '-m', 'Tell me a long story', '--json'], 'after-first-line');
    expect(JSON.parse(ended.firstLine)).toMatchObject({ type: expect.any(String) });
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(0);
  });

  it('harombe chat --server … -m … --json | head -1 (through a running server)', async () => {
    const ended = await runIntoClosingReader(['chat', '--server', base, '-m', 'Tell me a long story', '--json'], 'after-first-line');
    expect(JSON.parse(ended.firstLine)).toMatchObject({ type: expect.any(String) });
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(0);
  });

  it('harombe chat -m … | head -1 (the plain answer)', async () => {
    const ended = await runIntoClosingReader(['chat', '-m', 'Tell me a long story'], 'at-once');
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(0);
  });

  it.each([
    [['status', '--json']],
    [['status']],
    [['models', 'list']],
    [['models', 'list', '--json']],
    [['config', 'validate']],
    [['config', 'path']],
    [['doctor']],
    [['doctor', '--json']],
    [['version']],
  ])('harombe %j | true', async (args) => {
    const ended = await runIntoClosingReader(args, 'at-once');
    expect(ended.stderr).not.toMatch(/EPIPE|\bat .*:\d+:\d+/);
    expect(ended.signal).toBeNull();
    expect(ended.code).toBe(0);
  });

  it.each([[['cluster', 'status']], [['cluster', 'metrics']], [['cluster', 'test']]])('harombe %j | true (a cluster config)', async (args) => {
    const ended = await runIntoClosingReader(args, 'at-once', clusterConfig);
    expect(ended.stderr).not.toMatch(/EPIPE|\bat .*:\d+:\d+/);
    expect(ended.code).toBe(0);
  });

  it('harombe init -y | true', async () => {
    const fresh = join(await makeHome(), 'harombe.yaml');
    const ended = await runIntoClosingReader(['init', '-y', '--model', 'qwen2.5:7b', '--ollama-host', standIn.url], 'at-once', fresh);
    expect(ended.stderr).not.toMatch(/EPIPE|\bat .*:\d+:\d+/);
    expect(ended.code).toBe(0);
  });
});
