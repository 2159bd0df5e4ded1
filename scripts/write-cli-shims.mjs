// Writes the packaged app's `harombe` command for each platform into resources/cli/<platform>/ from the one source,
// src/main/electron/cli-shim.ts (Node 24 runs the TypeScript file directly). cli-shim.test.ts checks they are equal.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliShim } from '../src/main/electron/cli-shim.ts';

const root = new URL('../resources/cli/', import.meta.url).pathname;
for (const platform of ['linux', 'darwin', 'win32']) {
  const shim = cliShim(platform);
  const folder = join(root, platform);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, shim.fileName);
  writeFileSync(path, shim.content);
  chmodSync(path, shim.mode);
  console.log(`Wrote ${path}`);
}
