// Hints name commands in the form that works for how harombe was started: `npx harombe …` after npx, else `harombe …`.
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OllamaStandIn } from './support/ollama-stand-in';
import { cliEnvironment, makeHome, runCli } from './support/run-cli';

const root = resolve(import.meta.dirname, '..');
/** What npm puts in the environment of a command run with `npx harombe …` (or `npm exec harombe`). */
const VIA_NPX = { npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: "'harombe'" };

let standIn: OllamaStandIn;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
}, 60_000);
afterAll(async () => {
  await standIn?.stop();
});

/** A config whose server.port nothing listens on, so `status` says harombe is not running. */
async function setUp(): Promise<{ home: string; config: string }> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  const home = await makeHome();
  const config = join(home, 'harombe.yaml');
  await writeFile(config, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\nserver:\n  port: ${port}\n`);
  return { home, config };
}

describe('hints print the command as it was run', () => {
  it('run through the real npx (offline, from the harombe folder): `npx harombe start`', async () => {
    const { home, config } = await setUp();
    const child = spawn('npx', ['--offline', 'harombe', 'status', '--config', config], { cwd: root, env: cliEnvironment(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stdout).toContain('start it with `npx harombe start` (or `npx harombe start --detach` to run it in the background)');
    expect(code).toBe(3);
  }, 60_000);

  it('init after npx: "Start chatting: `npx harombe chat …`"', async () => {
    const { home } = await setUp();
    const fresh = join(home, 'fresh.yaml');
    const result = await runCli(['init', '-y', '--model', 'qwen2.5:7b', '--ollama-host', standIn.url, '--config', fresh], { home, env: VIA_NPX });
    expect(result.stdout).toContain(`Start chatting: \`npx harombe chat --config ${fresh}\``);
    expect(result.code).toBe(0);
  });

  it("an error's hint after npx: `npx harombe stop` when another harombe holds the port", async () => {
    // What a real harombe answers (checkPort knows a harombe by the whole of it, node included).
    const health = { status: 'healthy', model: 'qwen2.5:7b', version: '0.1.0', node: { name: 'other-box', tier: 0 }, pid: 4242 };
    const { createServer: createHttpServer } = await import('node:http');
    const other = createHttpServer((_request, response) => response.end(JSON.stringify(health)));
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    const { port } = other.address() as { port: number };
    try {
      const { home } = await setUp();
      const result = await runCli(['start', '--port', String(port)], { home, env: VIA_NPX });
      expect(result.stderr).toContain('Stop it with `npx harombe stop`, or pick another port: `npx harombe start --port');
      expect(result.code).toBe(1);
    } finally {
      other.closeAllConnections();
      other.close();
    }
  });

  it('run as plain `harombe` (npm link, a global install): `harombe start`', async () => {
    const { home, config } = await setUp();
    const result = await runCli(['status', '--config', config], { home });
    expect(result.stdout).toContain('start it with `harombe start`');
    expect(result.code).toBe(3);
  });
});
