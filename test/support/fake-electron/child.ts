// Runs the built main bundle (out/main) under plain Node with the recording fake for `electron` (index.mjs) and
// speaks to the fake over the child-process IPC channel: commands out, recorded events (windows, notifications, exit) in.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const MAIN_BUNDLE = join(process.cwd(), 'out', 'main', 'index.js');
const REGISTER = join(process.cwd(), 'test', 'support', 'fake-electron', 'register.mjs');

export interface FakeEvent {
  type: string;
  [key: string]: unknown;
}

export function mainBundleMissing(): string | undefined {
  return existsSync(MAIN_BUNDLE) ? undefined : 'out/main/index.js is not built: run `npx electron-vite build` first (npm test builds it)';
}

export class FakeElectronChild {
  readonly events: FakeEvent[] = [];
  private readonly waiters: Array<{ match: (event: FakeEvent) => boolean; resolve: (event: FakeEvent) => void }> = [];
  private readonly replies = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(home: string, env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, ['--import', REGISTER, MAIN_BUNDLE], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { PATH: process.env['PATH'] ?? '', HOME: home, HAROMBE_HOME: home, FAKE_ELECTRON_DATA: join(home, 'electron-data'), NO_COLOR: '1', ...env },
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.on('message', (message: FakeEvent & { id?: number; result?: unknown; error?: string }) => {
      if (message.type === 'reply') {
        const reply = this.replies.get(message.id!);
        this.replies.delete(message.id!);
        if (message.error) reply?.reject(new Error(message.error));
        else reply?.resolve(message.result);
        return;
      }
      this.events.push(message);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** The first recorded event (past or coming) of this type that matches. */
  event(type: string, match: (event: FakeEvent) => boolean = () => true): Promise<FakeEvent> {
    const seen = this.events.find((event) => event.type === type && match(event));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ match: (event) => event.type === type && match(event), resolve });
      void this.exited.then((code) => reject(new Error(`main exited (${code}) before a "${type}" event:\n${this.output}`)));
    });
  }

  command<T = unknown>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.replies.set(id, { resolve: resolve as (value: unknown) => void, reject });
      void this.exited.then((code) => reject(new Error(`main exited (${code}) before answering "${command}":\n${this.output}`)));
      this.child.send({ id, command, ...args });
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
