// `harombe start` ends when it should: at once, non-zero and saying why, when its config cannot run; and on SIGTERM
// after a config change removed the cluster (whose health checks once kept the process alive after "harombe stopped.").
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ApiClient, type HarombeConfig } from '../src/shared';
import { freePort, waitFor } from './support/cluster-e2e-kit';
import { OllamaStandIn } from './support/ollama-stand-in';
import { cliEnvironment, makeHome, runCli } from './support/run-cli';

let local: OllamaStandIn;
let remote: OllamaStandIn;

beforeAll(async () => {
  local = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  remote = await new OllamaStandIn({ models: [{ name: 'qwen2.5:14b' }] }).start();
});
afterAll(async () => {
  await Promise.all([local.stop(), remote.stop()]);
});

/** A home whose harombe.yaml coordinates one node (the `remote` stand-in): a cluster that runs health checks. */
async function clusterHome(tools: Record<string, unknown>, port: number): Promise<string> {
  const home = await makeHome();
  const config = {
    model: { name: 'qwen2.5:7b' },
    ollama: { host: local.url },
    tools: { sandbox: 'none', web_search: false, ...tools },
    server: { port },
    cluster: { nodes: [{ name: 'remote', host: '127.0.0.1', port: remote.port, model: 'qwen2.5:14b', tier: 1, kind: 'ollama' }] },
  };
  await writeFile(join(home, 'harombe.yaml'), stringify(config));
  return home;
}

describe('harombe start with a config it cannot run', () => {
  it.each([
    ['a workspace under /proc (once: spun at 90% CPU, never listening)', () => '/proc/harombe-x', /\/proc is a system folder/],
    ['a workspace that is a file (once: printed the error, then stayed alive)', (home: string) => join(home, 'harombe.yaml'), /is a file, not a folder/],
  ])('exits non-zero with the reason: %s', async (_what, workspace, reason) => {
    const home = await clusterHome({}, await freePort());
    const config = await readFile(join(home, 'harombe.yaml'), 'utf8');
    await writeFile(join(home, 'harombe.yaml'), config.replace('tools:\n', `tools:\n  workspace: ${JSON.stringify(workspace(home))}\n`));
    const result = await runCli(['start'], { home, timeoutMs: 20_000 });
    expect(result.stderr).toMatch(/harombe\.yaml tools\.workspace: cannot use /);
    expect(result.stderr).toMatch(reason);
    expect(result.code).toBe(1);
  }, 30_000);
});

describe('harombe start, then the cluster removed, then SIGTERM', () => {
  it('stops, says so, and the process ends', async () => {
    const port = await freePort();
    const home = await clusterHome({ workspace: join(await makeHome(), 'workspace') }, port);
    const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'harombe.js'), 'start'], { cwd: home, env: cliEnvironment(home), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Ends the test's wait if the process never goes; the assertions below then say what went wrong.
    const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    try {
      await waitFor(() => stdout.includes('is listening on'), 'harombe start to listen', 20_000);
      await waitFor(() => remote.requests.length > 0, 'a health check of the remote node');
      const token = await readFile(join(home, 'local-token'), 'utf8').then((text) => text.trim(), () => undefined);
      const client = new ApiClient({ baseUrl: `http://127.0.0.1:${port}`, ...(token ? { token } : {}) });
      const { cluster: _removed, ...withoutCluster } = (await client.call('config.get')).config;
      await client.call('config.put', { input: { config: withoutCluster as HarombeConfig } });

      child.kill('SIGTERM');
      const code = await exited;
      expect(stdout).toContain('harombe stopped.');
      expect(code).toBe(0);
      // Ended by itself, not by the last-resort exit.
      expect(stderr).not.toContain('exiting anyway');
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  }, 40_000);
});
