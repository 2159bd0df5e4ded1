// Bundles the `harombe` CLI (src/cli) into out/cli/harombe.mjs for plain Node; dependencies stay external.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'out/cli/harombe.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  define: { __HAROMBE_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
