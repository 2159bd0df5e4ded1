// Runs a small TypeScript script inside a network namespace, talking JSON lines: commands on stdin, events on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

export type ScriptEvent = { event: string } & Record<string, unknown>;

/** Bundles the scripts once into temp .mjs files (bonjour-service is CommonJS, so the bundle gets a real `require`). */
export async function bundleScripts(entryPoints: string[]): Promise<{ paths: Map<string, string>; dispose(): Promise<void> }> {
  const outdir = await mkdtemp(join(tmpdir(), 'harombe-mdns-scripts-'));
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    define: { __HAROMBE_VERSION__: JSON.stringify('0.0.0-test') },
    logLevel: 'warning',
  });
  const paths = new Map(entryPoints.map((entry) => [basename(entry, '.ts'), join(outdir, `${basename(entry, '.ts')}.mjs`)]));
  return { paths, dispose: () => rm(outdir, { recursive: true, force: true }) };
}

/** A script running as `ip netns exec <namespace> node <script> <json options>`. */
export class ChildScript {
  readonly events: ScriptEvent[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  private exited = false;

  constructor(namespace: string, script: string, options: unknown) {
    this.child = spawn('ip', ['netns', 'exec', namespace, process.execPath, script, JSON.stringify(options)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let buffered = '';
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        try {
          this.events.push(JSON.parse(line) as ScriptEvent);
        } catch {
          this.stderr.push(`(not JSON) ${line}`);
        }
      }
      this.wake();
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.child.on('exit', () => {
      this.exited = true;
      this.wake();
    });
  }

  /** Waits for the first event that matches; fails with everything the script said so far. */
  next(matches: (event: ScriptEvent) => boolean, what: string, timeoutMs = 8_000): Promise<ScriptEvent> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.events.find(matches);
        if (found) resolve(found);
        else if (this.exited) reject(new Error(`the script exited before ${what}; it said ${this.transcript()}`));
        else return false;
        return true;
      };
      if (check()) return;
      const waiter = (): void => {
        if (!check()) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; the script said ${this.transcript()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Kills the script outright: no goodbye, no clean-up, as when a machine loses power. */
  crash(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.exited ? resolve() : this.child.once('exit', () => resolve())));
    this.child.kill('SIGKILL');
    return exited;
  }

  send(command: string): void {
    this.child.stdin?.write(`${command}\n`);
  }

  /**
   * Asks the script to stop cleanly; it should then exit by itself. Kills it when it does not within 5 s, which
   * `exit.signal` then shows: something it started was left running.
   */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.send('stop');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  private transcript(): string {
    return JSON.stringify({ events: this.events, stderr: this.stderr.join('').slice(-2_000) });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** A test file's scripts, bundled once from test/discovery/scripts, and the children started from them. */
export class ScriptRunner {
  private readonly running: ChildScript[] = [];

  private constructor(private readonly bundled: Awaited<ReturnType<typeof bundleScripts>>) {}

  /** Bundles `files` (names in test/discovery/scripts). */
  static async bundle(files: string[]): Promise<ScriptRunner> {
    const dir = join(import.meta.dirname, 'scripts');
    return new ScriptRunner(await bundleScripts(files.map((file) => join(dir, file))));
  }

  /** Starts `script` (its name without .ts) inside `namespace`; stopAll() stops it. */
  run(namespace: string, script: string, options: unknown): ChildScript {
    const path = this.bundled.paths.get(script);
    if (!path) throw new Error(`script ${script} was not bundled`);
    const child = new ChildScript(namespace, path, options);
    this.running.push(child);
    return child;
  }

  /** Stops every child started so far (after each test). */
  async stopAll(): Promise<void> {
    await Promise.all(this.running.splice(0).map((child) => child.stop()));
  }

  async dispose(): Promise<void> {
    await this.stopAll();
    await this.bundled.dispose();
  }
}
