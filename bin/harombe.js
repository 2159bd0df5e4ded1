#!/usr/bin/env node
// The `harombe` command: checks the Node version, then runs the bundled CLI (built by `npm install`).
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`harombe needs Node.js 22.12 or newer; this is ${process.version}. Install a current Node.js and try again.`);
  process.exit(1);
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
