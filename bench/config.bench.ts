// Loading harombe.yaml as it grows: 1,000 to 100,000 keys (unknown keys at the top level and inside a section, and a
// cluster of many nodes), read from disk by loadConfig — each problem located and each unknown key given a suggestion.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/main/config/load-config';
import { percentile, printTable } from './support';

const SIZES = [1_000, 10_000, 100_000];

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
        let warnings = 0;
        for (let run = 0; run < runs; run += 1) {
          const started = performance.now();
          const loaded = await loadConfig(path);
          times.push(performance.now() - started);
          warnings = loaded.warnings.length;
        }
        const median = percentile(times, 50);
        rows.push({ shape, keys: size.toLocaleString('en'), warnings: warnings.toLocaleString('en'), 'ms (median)': median, 'µs per key': (median * 1000) / size });
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  console.log('Loading harombe.yaml (loadConfig: read, parse, validate, locate every problem):');
  printTable(rows);
}

await main();
