// A node-response look-alike over a web ReadableStream, so an in-process request (`app.request`, no socket) is answered
// by the same SSE writer production uses: writes enqueue bytes, the reader pulling is `drain`, cancelling is `close`.
import { Emitter, type Disposable } from '../base';
import type { SseOutput } from './sse';

type OutputEvent = 'drain' | 'close';

/** Bytes a reader has not taken yet before write() reports "full" (a socket's high-water mark). */
const HIGH_WATER_BYTES = 16 * 1024;

export class WebStreamOutput implements SseOutput {
  /** Set by writeHead(): the status and headers the Response is made with. */
  status = 200;
  headers: Record<string, string> = {};
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();
  private readonly events = { drain: new Emitter<void>(), close: new Emitter<void>() };
  /** once() subscriptions by their listener, so off(listener) can end one. */
  private readonly subscriptions = { drain: new Map<() => void, Disposable>(), close: new Map<() => void, Disposable>() };
  private ended = false;
  private gone = false;

  constructor() {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
        },
        pull: () => this.emit('drain'),
        cancel: () => {
          this.gone = true;
          this.emit('close');
        },
      },
      new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_BYTES }),
    );
  }

  get destroyed(): boolean {
    return this.gone;
  }

  get writableEnded(): boolean {
    return this.ended;
  }

  writeHead(status: number, headers: Record<string, string>): void {
    this.status = status;
    this.headers = headers;
  }

  /** The headers leave with the Response itself. */
  flushHeaders(): void {}

  write(text: string): boolean {
    if (this.gone || this.ended) return false;
    this.controller.enqueue(this.encoder.encode(text));
    return (this.controller.desiredSize ?? 0) > 0;
  }

  end(): void {
    if (this.gone || this.ended) return;
    this.ended = true;
    this.controller.close();
  }

  destroy(error?: Error): void {
    if (this.gone) return;
    this.gone = true;
    if (!this.ended) this.controller.error(error ?? new Error('the event stream was destroyed'));
    this.emit('close');
  }

  once(event: OutputEvent, listener: () => void): void {
    const subscription = this.events[event].event(() => {
      this.off(event, listener);
      listener();
    });
    this.subscriptions[event].set(listener, subscription);
  }

  off(event: OutputEvent, listener: () => void): void {
    this.subscriptions[event].get(listener)?.dispose();
    this.subscriptions[event].delete(listener);
  }

  private emit(event: OutputEvent): void {
    this.events[event].fire();
  }
}
