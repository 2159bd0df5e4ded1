// One request to the Ollama stand-in: its record, and a response that streams with delays and can be cut like a crash.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Emitter, toPromise } from '../../src/main/base';
import type { ResponseFaults, StandInChatRequest } from './stand-in-rules';

/** How a request ended: its whole response was written, the client hung up first, or a fault destroyed it. */
export type RequestOutcome = 'completed' | 'client-closed' | 'server-closed';

export interface ReceivedRequest {
  method: string;
  /** Path without the query string: `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The JSON body, or its raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  /** For chat requests on either API, the request as rules see it. */
  chat?: StandInChatRequest;
  /** Chunks (SSE frames, NDJSON lines, or the one body) written so far. */
  chunksSent: number;
  outcome: RequestOutcome | 'pending';
  /** Resolves when the request ends, however it ends. */
  settled: Promise<RequestOutcome>;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One request being answered: its record, its response, and waits that end when the client goes away. */
export class Exchange {
  closed = false;
  private readonly closes = new Emitter<void>();
  private settle!: (outcome: RequestOutcome) => void;
  readonly record: ReceivedRequest;

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    path: string,
    body: unknown,
  ) {
    const settled = new Promise<RequestOutcome>((resolve) => (this.settle = resolve));
    this.record = {
      method: request.method ?? 'GET',
      path,
      headers: request.headers,
      body,
      chunksSent: 0,
      outcome: 'pending',
      settled,
    };
    response.on('close', () => this.finish(response.writableFinished ? 'completed' : 'client-closed'));
  }

  finish(outcome: RequestOutcome): void {
    if (this.closed) return;
    this.closed = true;
    this.record.outcome = outcome;
    this.settle(outcome);
    this.closes.fire();
    this.closes.dispose();
  }

  /** Waits `ms`, or less when the exchange closes first (client gone, stand-in stopping). */
  wait(ms: number | undefined): Promise<void> {
    if (this.closed || !ms || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const subscription = this.closes.event(done);
    });
  }

  /** Waits until the exchange closes. */
  waitForClose(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return toPromise(this.closes.event);
  }

  /** Drops the connection without a proper end of the response, as a crashed server would. */
  destroy(): void {
    this.finish('server-closed');
    // end() rather than destroy(): the chunks already written still reach the client before the cut.
    this.response.socket?.end();
  }

  sendJson(status: number, value: unknown): void {
    if (this.closed) return;
    this.response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    this.record.chunksSent += 1;
    this.response.end(JSON.stringify(value));
  }

  sendText(status: number, text: string): void {
    if (this.closed) return;
    this.response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    this.response.end(text);
  }

  /**
   * Streams chunks with the faults' delays; stops early when the client goes away or a fault cuts the connection.
   * True when every chunk was written.
   */
  async stream(contentType: string, chunks: string[], faults: ResponseFaults): Promise<boolean> {
    for (const [index, chunk] of chunks.entries()) {
      await this.wait(index === 0 ? faults.firstByteDelayMs : faults.tokenDelayMs);
      if (this.closed) return false;
      if (faults.closeAfterChunks !== undefined && index >= faults.closeAfterChunks) {
        this.destroy();
        return false;
      }
      if (index === 0) this.response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-cache' });
      this.response.write(chunk);
      this.record.chunksSent += 1;
      if (index === 0 && faults.holdAfterFirstChunk) await faults.holdAfterFirstChunk;
    }
    if (this.closed) return false;
    this.response.end();
    return true;
  }
}

export async function readBody(request: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
