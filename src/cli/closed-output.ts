// Ends the CLI quietly (status 0) when whoever reads its output goes away, as `git log | head -1` and `ls | head` do.

/** The part of process.stdout / process.stderr this needs. */
export interface OutputStream {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A write to a pipe whose reader has closed (`| head -1`, a closed terminal, a client that hung up). */
export function isClosedOutput(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Once `stdout` or `stderr` reports that its reader is gone, nobody can see another line: end with status 0 rather
 * than an unhandled 'error' event's stack trace. Any other write error is rethrown, so it still shows.
 */
export function endQuietlyWhenOutputCloses(streams: OutputStream[], exit: (code: number) => void): void {
  for (const stream of streams) {
    stream.on('error', (error) => {
      if (!isClosedOutput(error)) throw error;
      exit(0);
    });
  }
}
