// `harombe doctor` end to end: the built CLI against the Ollama stand-in, real ports held and freed on loopback.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorReportSchema } from '../src/shared';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, runCli } from './support/run-cli';

const root = resolve(import.meta.dirname, '..');
let standIn: OllamaStandIn;
const servers: Server[] = [];

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
});
afterAll(async () => {
  await standIn.stop();
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
});

/** A port nothing listens on (bound, then let go). */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** An HTTP server on loopback answering every request with `body` and `status`; returns its port. */
async function webServer(status: number, body: unknown): Promise<number> {
  const server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

interface Setup {
  model?: string;
  ollamaHost?: string;
  serverPort?: number;
  extra?: string;
}

async function doctor(setup: Setup, ...flags: string[]) {
  const home = await makeHome();
  const config = join(home, 'harombe.yaml');
  const lines = [
    'model:',
    `  name: ${setup.model ?? 'qwen2.5:7b'}`,
    'ollama:',
    `  host: ${setup.ollamaHost ?? standIn.url}`,
    'server:',
    '  host: 127.0.0.1',
    `  port: ${setup.serverPort ?? (await closedPort())}`,
    'tools:',
    '  sandbox: none',
    setup.extra ?? '',
  ];
  await writeFile(config, lines.join('\n'));
  return { config, ...(await runCli(['doctor', '--config', config, ...flags], { home })) };
}

const lineOf = (stdout: string, start: string) => stdout.split('\n').find((line) => line.startsWith(start));
const lineAfter = (stdout: string, start: string) => {
  const lines = stdout.split('\n');
  return lines[lines.findIndex((line) => line.startsWith(start)) + 1];
};

describe('harombe doctor', () => {
  it('is all green on a ready machine, a cluster node included, and exits 0', async () => {
    const result = await doctor({ extra: `cluster:\n  nodes:\n    - { name: box, host: 127.0.0.1, port: ${standIn.port}, model: qwen2.5:7b, tier: 0, kind: ollama }\n` });
    const checkLines = result.stdout.split('\n').filter((line) => /^\S/.test(line) && line !== 'All checks passed.');
    expect(checkLines.map((line) => line.split(':')[0])).toEqual([
      '✓ Node.js',
      '✓ config',
      '✓ Ollama',
      '✓ model',
      '✓ tool calling',
      '✓ server port',
      '✓ sandbox',
      '✓ node box',
    ]);
    expect(lineOf(result.stdout, '✓ Ollama')).toBe(`✓ Ollama: 0.6.5 at ${standIn.url}`);
    expect(result.stdout).toContain('All checks passed.');
    expect(result.code).toBe(0);
  });

  it('prints the checks as JSON with --json', async () => {
    const result = await doctor({}, '--json');
    const report = doctorReportSchema.parse(JSON.parse(result.stdout));
    expect(report.ok).toBe(true);
    expect(report.checks.find((check) => check.id === 'model')).toMatchObject({ status: 'pass', detail: 'qwen2.5:7b is pulled' });
    expect(result.code).toBe(0);
  });

  it('reports a stopped Ollama with the fix on the next line, and exits 1', async () => {
    const port = await closedPort();
    const result = await doctor({ ollamaHost: `http://127.0.0.1:${port}` });
    expect(lineOf(result.stdout, '✗ Ollama')).toBe(`✗ Ollama: nothing is listening at http://127.0.0.1:${port}`);
    expect(lineAfter(result.stdout, '✗ Ollama')).toMatch(/^ {4}fix: Start it with `ollama serve`/);
    expect(lineOf(result.stdout, '- model')).toBe('- model: qwen2.5:7b: not checked (Ollama is not reachable)');
    expect(result.code).toBe(1);
  });

  it('reports a model that is not pulled with the pull command', async () => {
    const result = await doctor({ model: 'llama3.1:8b' });
    expect(lineOf(result.stdout, '✗ model')).toBe('✗ model: llama3.1:8b is not pulled');
    expect(lineAfter(result.stdout, '✗ model')).toContain('`ollama pull llama3.1:8b`');
    expect(result.code).toBe(1);
  });

  it('fails when another program holds the server port, and recognises harombe holding it', async () => {
    const other = await webServer(404, { error: 'not here' });
    const held = await doctor({ serverPort: other });
    expect(lineOf(held.stdout, '✗ server port')).toContain(`127.0.0.1:${other} is in use by another program`);
    expect(lineAfter(held.stdout, '✗ server port')).toContain('server.port');
    expect(held.code).toBe(1);

    const harombe = await webServer(200, { status: 'healthy', model: 'qwen2.5:7b', version: '0.1.0', node: { name: 'local', tier: 0 } });
    const running = await doctor({ serverPort: harombe });
    expect(lineOf(running.stdout, '✓ server port')).toBe(`✓ server port: harombe 0.1.0 is already running on 127.0.0.1:${harombe} (model qwen2.5:7b)`);
    expect(running.code).toBe(0);
  });

  it('names a cluster node that does not answer', async () => {
    const port = await closedPort();
    const result = await doctor({ extra: `cluster:\n  nodes:\n    - { name: gpu-box, host: 127.0.0.1, port: ${port}, model: qwen2.5:14b, tier: 1 }\n` });
    expect(lineOf(result.stdout, '✗ node gpu-box')).toBe(`✗ node gpu-box: unreachable: nothing is listening at http://127.0.0.1:${port}/health`);
    expect(lineAfter(result.stdout, '✗ node gpu-box')).toContain('fix: Check that gpu-box is running');
    expect(result.code).toBe(1);
  });

  it('lists each config problem at file:line:column', async () => {
    const result = await doctor({ extra: 'agent:\n  max_steps: 0\n' });
    expect(lineOf(result.stdout, '✗ config')).toBe(`✗ config: ${result.config} is not a valid harombe config (1 problem)`);
    expect(lineAfter(result.stdout, '✗ config')).toMatch(new RegExp(`^ {4}${result.config}:11:14 agent\\.max_steps: `));
    expect(result.code).toBe(1);
  });
});
