import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfigText } from '../../main/config';
import { createTerminalStyle } from '../chat/terminal-style';
import { writeClusterTemplate } from './cluster-template';
import { withLocalCluster } from './local-cluster';
import { renderClusterStatus } from './status-table';

/** 127.0.0.0/8, ::1 or the name localhost: the only places a test may reach. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}

describe('cluster init -y, then cluster status', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harombe-safe-template-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the example nodes disabled, and status contacts none of them (nor anything off loopback), saying how to add a real node', async () => {
    const path = join(dir, 'harombe.yaml');
    // A model of its own, so the coordinator's `local` node (this machine's Ollama) is checked: the spy sees traffic.
    await writeFile(path, 'model:\n  name: qwen2.5:3b\n');
    expect(await writeClusterTemplate(path, false)).toMatchObject({ written: true, how: 'appended' });
    const { config } = parseConfigText(await readFile(path, 'utf8'), path);
    expect(config.cluster!.nodes.map((node) => [node.name, node.enabled])).toEqual([
      ['laptop', false],
      ['workstation', false],
      ['server', false],
    ]);

    const contacted: string[] = [];
    const spy: typeof fetch = (input) => {
      contacted.push(String(input));
      return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
    };
    vi.useFakeTimers();
    const lines = await withLocalCluster(config, { includeLocal: true, checkHealth: true, fetch: spy }, async (cluster) => {
      // The coordinator's periodic checks too: a minute of them.
      cluster.start();
      await vi.advanceTimersByTimeAsync(60_000);
      return renderClusterStatus(cluster.nodes(), createTerminalStyle(false));
    });
    const hosts = contacted.map((url) => new URL(url).hostname);
    expect(hosts.filter((host) => !isLoopback(host))).toEqual([]);
    // Not even the example on localhost:8000: only this machine's own Ollama (the `local` node) is asked.
    expect(contacted.filter((url) => new URL(url).port === '8000')).toEqual([]);
    expect(contacted.length).toBeGreaterThan(0);
    expect(lines.filter((line) => /laptop|workstation|server /.test(line)).every((line) => line.includes('disabled'))).toBe(true);
    expect(lines.join('\n')).toContain('harombe cluster add HOST[:PORT] --save');
  });
});
