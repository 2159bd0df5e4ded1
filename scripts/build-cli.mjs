// Bundles the `harombe` CLI (src/cli) into out/cli/harombe.mjs for plain Node.
// Dependencies are bundled too, tree-shaken (a server starts with ~20 MB less memory than loading each package's
// whole entry point); the few loaded only on first use stay external so start-up never parses them.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * zod bundles every locale of its error messages (45 languages, ~300 KB of source kept in memory by every harombe
 * process); harombe's messages are English, so its locale index is cut down to `en`.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`) ? { path: join(dirname(args.importer), '../locales/index.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** Loaded with import() on first use (see their call sites), or never by the CLI. */
const LOADED_ON_DEMAND = ['openai', 'cheerio', 'systeminformation', 'marked', 'marked-terminal', 'electron'];

await build({
  entryPoints: ['src/cli/index.ts'],
  outfile: 'out/cli/harombe.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external: LOADED_ON_DEMAND.flatMap((name) => [name, `${name}/*`]),
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  sourcemap: 'linked',
  // Without comments and layout the source V8 keeps in memory is far smaller — and all ASCII (one comment with an
  // "…" would make V8 hold the whole file as two-byte text); names stay, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  define: { __HAROMBE_VERSION__: JSON.stringify(pkg.version) },
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});
