#!/usr/bin/env node
// The `harombe` command: checks the Node version, then runs the bundled CLI (built by `npm install`).
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`harombe needs Node.js 22.12 or newer; this is ${process.version}. Install a current Node.js and try again.`);
  process.exit(1);
}
// `harombe start` serves for days: V8 sizes its heap for speed unless told otherwise (a 128 MB young generation, an old
// one let grow to 4x what is live), which took a server under steady load from 80 to 330 MB. It runs with a bounded
// heap instead (docs/benchmarks.md, the soak): replaced in place by the same command with these flags, keeping its pid.
const SERVER_HEAP_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=1024'];
const setsHeap = (flags) => flags.some((flag) => /^--max-(semi|old)-space-size\b/.test(flag));
if (
  process.argv.slice(2).includes('start') &&
  typeof process.execve === 'function' &&
  !setsHeap(process.execArgv) &&
  !setsHeap((process.env.NODE_OPTIONS ?? '').split(/\s+/))
) {
  try {
    process.execve(process.execPath, [process.execPath, ...SERVER_HEAP_FLAGS, ...process.execArgv, ...process.argv.slice(1)]);
  } catch {
    // Not on this platform (Windows): V8's own sizing, as before.
  }
}
// Cache compiled code between runs: start-up is noticeably faster for a short command.
module.enableCompileCache?.();
try {
  await import('../out/cli/harombe.mjs');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('out/cli/harombe.mjs')) {
    console.error('harombe is not built yet. Run `npm run build:cli` (or `npm install`) in the harombe folder.');
    process.exit(1);
  }
  throw error;
}
