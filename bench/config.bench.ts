// Loading harombe.yaml as it grows: 1,000 to 100,000 keys (unknown keys at the top level and inside a section, and a
// cluster of many nodes), read from disk by loadConfig — each problem located and each unknown key given a suggestion.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/main/config/load-config';
import { percentile, printTable } from './support';

/** `BENCH_CONFIG_KEYS=1000,20000` for other sizes. */
const SIZES = (process.env['BENCH_CONFIG_KEYS'] ?? '1000,10000,100000').split(',').map(Number);

const shapes: Record<string, (count: number) => string> = {
  'unknown keys, top level': (count) => `model:\n  name: qwen2.5:7b\n${Array.from({ length: count }, (_, index) => `extra_${index}: ${index}\n`).join('')}`,
  'unknown keys in a section': (count) => `model:\n  name: qwen2.5:7b\n${Array.from({ length: count }, (_, index) => `  extra_${index}: ${index}\n`).join('')}`,
  // Five keys a node.
  'cluster nodes (5 keys each)': (count) =>
    `cluster:\n  nodes:\n${Array.from({ length: Math.round(count / 5) }, (_, index) => `    - name: node-${index}\n      host: 127.0.0.${(index % 250) + 1}\n      port: ${8000 + (index % 1000)}\n      model: qwen2.5:7b\n      tier: ${index % 3}\n`).join('')}`,
};

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'harombe-bench-config-'));
  const rows: Record<string, string | number>[] = [];
  try {
    for (const [shape, make] of Object.entries(shapes)) {
      for (const size of SIZES) {
        const path = join(folder, 'harombe.yaml');
        await writeFile(path, make(size));
        const runs = size >= 100_000 ? 3 : 5;
        const times: number[] = [];
        const cpuTimes: number[] = [];
        let warnings = 0;
        for (let run = 0; run < runs; run += 1) {
          const started = performance.now();
          const cpu = process.cpuUsage();
          const loaded = await loadConfig(path);
          const used = process.cpuUsage(cpu);
          times.push(performance.now() - started);
          // CPU time as well: on a shared machine the wall time counts the other processes' turns too.
          cpuTimes.push((used.user + used.system) / 1000);
          warnings = loaded.warnings.length;
        }
        const cpu = percentile(cpuTimes, 50);
        rows.push({
          shape,
          keys: size.toLocaleString('en'),
          warnings: warnings.toLocaleString('en'),
          'ms (median)': percentile(times, 50),
          'CPU ms': cpu,
          'CPU µs per key': (cpu * 1000) / size,
        });
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  console.log('Loading harombe.yaml (loadConfig: read, parse, validate, locate every problem):');
  printTable(rows);
}

await main();
