// `npm start`: build, then launch the desktop app; where Electron's binary is missing (a headless server, or an
// install with ELECTRON_SKIP_BINARY_DOWNLOAD), say so and run the same app in web mode with `harombe start`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });

if (run('npm', ['run', 'build']).status !== 0) process.exit(1);

function electronBinary() {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const binary = electronBinary();
const [command, args] =
  binary && hasDisplay
    ? [binary, ['.']]
    : [process.execPath, ['bin/harombe.js', 'start', ...process.argv.slice(2)]];
if (command === process.execPath) {
  console.log(
    binary
      ? 'No display found: starting harombe headless (web UI at the address below).'
      : 'Electron is not installed (its binary download was skipped): starting harombe headless (web UI at the address below).',
  );
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
