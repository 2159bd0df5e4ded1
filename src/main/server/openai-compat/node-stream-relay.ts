// A streamed /v1 answer written straight from the upstream's node response to the client's, counted as it passes.
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { reportEnd, SseUsageScanner } from './observed-stream';
import type { UpstreamAttempt } from './upstream-resolver';

export interface NodeStreamRelay {
  request: ClientRequest;
  message: IncomingMessage;
  /** Already read (so that a node failing before it could be skipped); undefined: the body was empty. */
  first: Buffer | undefined;
  attempt: UpstreamAttempt;
  clientSignal: AbortSignal;
  outgoing: ServerResponse;
  headers: OutgoingHttpHeaders;
}

/**
 * Sends the headers and the first chunk at once, then each chunk as it comes (pausing the upstream while the client
 * is slow). The attempt hears exactly one ending, as with observedStream: succeeded when the upstream ends, failed
 * when it breaks off, cancelled when the client goes away (which also stops the upstream request).
 */
export function relayNodeStream({ request, message, first, attempt, clientSignal, outgoing, headers }: NodeStreamRelay): void {
  let ended = false;
  const end = (report: () => void) => {
    if (ended) return;
    ended = true;
    outgoing.off('close', onClientClose);
    report();
  };
  const scanner = new SseUsageScanner(() => attempt.piece());
  const onClientClose = () => {
    end(() => attempt.cancelled());
    request.destroy();
  };
  outgoing.on('close', onClientClose);

  outgoing.writeHead(200, headers);
  if (first === undefined) {
    end(() => attempt.succeeded(scanner.usage));
    outgoing.end();
    return;
  }
  scanner.push(first);
  outgoing.write(first);
  attempt.firstByte();

  // Chunks that arrive in one turn of the event loop leave in one write: an upstream that writes every token on its
  // own would otherwise cost a write (a syscall) and a scan per token here. The first chunk went out alone, at once.
  let waiting: Buffer[] = [];
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    if (waiting.length === 0 || outgoing.destroyed) return;
    const data = waiting.length === 1 ? waiting[0]! : Buffer.concat(waiting);
    waiting = [];
    scanner.push(data);
    if (!outgoing.write(data)) {
      message.pause();
      outgoing.once('drain', () => message.resume());
    }
  };
  message.on('data', (chunk: Buffer) => {
    waiting.push(chunk);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  message.once('end', () => {
    flush();
    end(() => reportEnd(scanner, attempt));
    outgoing.end();
  });
  const brokeOff = (error: Error) => {
    end(() => (clientSignal.aborted || outgoing.destroyed ? attempt.cancelled() : attempt.failed(error)));
    // Like a web stream that errors: the client sees the connection cut, not a well-ended answer.
    outgoing.destroy();
  };
  message.once('error', brokeOff);
  message.once('close', () => {
    if (!message.complete) brokeOff(new Error('the upstream closed the connection mid-answer'));
  });
  message.resume();
}
