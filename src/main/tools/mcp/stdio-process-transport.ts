// The SDK's stdio transport, plus what harombe needs of the server's process: its exit (code, signal) and a stop that
// waits for it to be gone, so a crash can be reported with its exit code and dispose() leaves no orphan behind.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as wait } from 'node:timers/promises';
import { StdioClientTransport, type StdioServerParameters } from '@modelcontextprotocol/sdk/client/stdio.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** How long a server gets to leave after its stdin closes, then after SIGTERM, before SIGKILL (the SDK waits 2 s each). */
export const DEFAULT_STOP_GRACE_MS = 2000;

export class StdioProcessTransport extends StdioClientTransport {
  private child: ChildProcess | undefined;
  private resolveExit: (exit: ProcessExit) => void = () => {};
  private resolveClosed: () => void = () => {};
  /** Settles when the process has exited and its stdio pipes are closed. */
  private readonly closed: Promise<void> = new Promise((resolve) => (this.resolveClosed = resolve));
  /** How the process ended, once it has (read synchronously when the client reports the session closed). */
  exit: ProcessExit | undefined;
  /** Settles when the process has exited (never, when it did not start). */
  readonly exited: Promise<ProcessExit> = new Promise((resolve) => (this.resolveExit = resolve));

  constructor(
    parameters: StdioServerParameters,
    private readonly stopGraceMs = DEFAULT_STOP_GRACE_MS,
  ) {
    super(parameters);
  }

  override async start(): Promise<void> {
    await super.start();
    // The SDK keeps its ChildProcess private and reports a close without the exit code: read it here, once.
    const child = (this as unknown as { _process?: ChildProcess })._process;
    if (!child) return;
    this.child = child;
    const record = (exit: ProcessExit): void => {
      this.exit = exit;
      this.resolveExit(exit);
    };
    if (child.exitCode !== null || child.signalCode !== null) record({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => record({ code, signal }));
    child.once('close', () => this.resolveClosed());
  }

  /** The process's id until it has exited (tests assert it is gone after dispose). */
  get processId(): number | undefined {
    return this.exit ? undefined : this.child?.pid;
  }

  /** Closes stdin, then SIGTERM, then SIGKILL, each after the grace, and returns once the process has exited. */
  override async close(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.stdin?.end();
      if (!(await this.within(this.exited, this.stopGraceMs))) {
        child.kill('SIGTERM');
        if (!(await this.within(this.exited, this.stopGraceMs))) {
          child.kill('SIGKILL');
          await this.exited;
        }
      }
    }
    // Its pipes close after it exits; a grandchild that inherited them could hold them open, so they are cut after a grace.
    if (child && !(await this.within(this.closed, this.stopGraceMs))) {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }
    // The SDK's own close finds the process gone and only clears its buffer and tells the client.
    await super.close();
  }

  private async within(event: Promise<unknown>, ms: number): Promise<boolean> {
    const timer = new AbortController();
    try {
      return await Promise.race([event.then(() => true), wait(ms, false, { signal: timer.signal })]);
    } finally {
      timer.abort();
    }
  }
}
