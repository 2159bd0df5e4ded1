// The child side of ChildScript: options from argv, events as JSON lines on stdout, commands as lines on stdin.
import { createInterface } from 'node:readline';

export function scriptOptions<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

export function emit(event: string, details: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ event, ...details })}\n`);
}

/**
 * Calls `stop` on a "stop" line, on stdin closing, or on SIGTERM, once; reports "stopped", then lets the process end
 * by itself: a socket or timer that `stop` left open keeps it alive, which the parent sees as a kill instead of exit 0.
 */
export function stopOn(stop: () => Promise<void>): void {
  let stopping = false;
  const lines = createInterface({ input: process.stdin });
  const run = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => {
        lines.close();
        process.stdin.destroy();
        process.removeListener('SIGTERM', run);
        emit('stopped');
      },
      (error: unknown) => {
        emit('failed', { message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  lines.on('line', (line) => {
    if (line.trim() === 'stop') run();
  });
  lines.on('close', run);
  process.on('SIGTERM', run);
}
