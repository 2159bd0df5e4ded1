// Starts `harombe start` (the built CLI, web mode) on a free loopback port with its own HAROMBE_HOME.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHarombe {
  url: string;
  home: string;
  /** The sign-in link `harombe start` printed (the web UI with the local token). */
  signInUrl: string;
  /** SIGTERM (a clean shutdown) by default; SIGKILL to simulate a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartOptions {
  /** Reuse this HAROMBE_HOME (its local token and conversations): a restart. Default: a new temporary one. */
  home?: string;
  /** Default: any free port. */
  port?: number;
}

/** `config` is harombe.yaml without its `tools:` section; `tools` is that section's body (sandbox off by default). */
export async function startHarombe(config = 'model:\n  name: qwen2.5:7b\n', tools = '  sandbox: none\n', options: StartOptions = {}): Promise<RunningHarombe> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'harombe-e2e-')));
  await writeFile(join(home, 'harombe.yaml'), `${config}tools:\n${tools}`);
  const child: ChildProcess = spawn(process.execPath, ['bin/harombe.js', 'start', '--port', String(options.port ?? 0)], {
    env: { PATH: process.env['PATH'] ?? '', HOME: home, HAROMBE_HOME: home, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let signInUrl = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`harombe start did not come up:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)[\s\S]*web UI +(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        signInUrl = match[2]!;
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`harombe start exited (${code}):\n${output}`)));
  });
  return {
    url,
    home,
    signInUrl,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
