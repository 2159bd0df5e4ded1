// `npm run bench`: bundles each bench/*.bench.ts with esbuild and runs it under this Node; they print their figures.
// The figures are recorded in docs/benchmarks.md. Benchmarks are not tests: nothing here fails on a slow machine.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const only = process.argv[2];
/** Ten minutes long: run only when named (`npm run bench -- soak`). */
const ON_REQUEST = new Set(['soak.bench.ts']);
const files = (await readdir('bench'))
  .filter((file) => file.endsWith('.bench.ts') && (only ? file.includes(only) : !ON_REQUEST.has(file)))
  .sort();
// Inside node_modules, so that the bundles' bare imports (packages stay external) resolve from the project.
await mkdir(join('node_modules', '.cache'), { recursive: true });
const outDir = await mkdtemp(join(process.cwd(), 'node_modules', '.cache', 'harombe-bench-'));
let failed = false;
for (const file of files) {
  const outfile = join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [join('bench', file)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    define: { __HAROMBE_VERSION__: JSON.stringify(pkg.version) },
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  console.log(`\n# ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', env: { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') } });
  if (result.status !== 0) failed = true;
}
await rm(outDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
