// `harombe start` runs Node with a bounded heap (bin/harombe.js replaces itself with the same command and V8 flags),
// keeping its pid, so that memory under steady load levels off (the soak in docs/benchmarks.md) — unless the person
// sized the heap themselves.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OllamaStandIn } from './support/ollama-stand-in';
import { cliEnvironment, makeHome } from './support/run-cli';

const BIN = join(process.cwd(), 'bin', 'harombe.js');

const skipReason =
  process.platform !== 'linux' || !existsSync('/proc/self/cmdline')
    ? 'it reads the server’s flags from /proc, which this system does not have'
    : typeof process.execve !== 'function'
      ? `Node ${process.version} has no process.execve (22.15 or newer has): harombe start keeps V8's own heap sizing here`
      : undefined;
if (skipReason) console.warn(`Skipping the heap-flag tests of harombe start: ${skipReason}.`);

let standIn: OllamaStandIn;
beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
});
afterAll(async () => {
  await standIn?.stop();
});

/** Runs `harombe start` until it listens; hands back its pid, its command line and a stop(). */
async function startServer(nodeArgs: string[] = []) {
  const home = await makeHome();
  await writeFile(join(home, 'harombe.yaml'), `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n`);
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'start', '--port', '0'], { env: cliEnvironment(home), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => reject(new Error(`harombe start exited ${code}: ${output}`)));
  });
  const flags = (await readFile(`/proc/${child.pid}/cmdline`, 'utf8')).split('\0').filter((arg) => arg.startsWith('--'));
  const record = JSON.parse(await readFile(join(home, 'harombe.pid'), 'utf8')) as { pid: number };
  const health = (await (await fetch(`${url}/health`)).json()) as { pid: number };
  return {
    pid: child.pid!,
    flags,
    record,
    health,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe.skipIf(Boolean(skipReason))('harombe start and its heap', () => {
  it('runs with a bounded young and old generation, as the same process (its pid record and /health agree)', async () => {
    const server = await startServer();
    try {
      expect(server.flags).toEqual(expect.arrayContaining([expect.stringMatching(/^--max-semi-space-size=\d+$/), expect.stringMatching(/^--max-old-space-size=\d+$/)]));
      expect(server.record.pid).toBe(server.pid);
      expect(server.health.pid).toBe(server.pid);
    } finally {
      await server.stop();
    }
  });

  it('leaves a heap the person sized alone', async () => {
    const server = await startServer(['--max-semi-space-size=32']);
    try {
      expect(server.flags).toContain('--max-semi-space-size=32');
      expect(server.flags.filter((flag) => /^--max-(semi|old)-space-size/.test(flag))).toEqual(['--max-semi-space-size=32']);
    } finally {
      await server.stop();
    }
  });
});
