// An OpenAI-compatible streamed answer (SSE) turned into its chat-completion chunks, a network read at a time.
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

/** An error the server reported inside a stream it had started (`data: {"error": …}` or `event: error`). */
export class StreamErrorPayload extends Error {
  constructor(readonly payload: unknown) {
    super(StreamErrorPayload.describe(payload));
    this.name = 'StreamErrorPayload';
  }

  private static describe(payload: unknown): string {
    if (typeof payload === 'string') return payload;
    if (typeof payload === 'object' && payload !== null && 'message' in payload && typeof payload.message === 'string') return payload.message;
    return JSON.stringify(payload) ?? 'the server reported an error';
  }
}

/**
 * Decodes the bytes of a `stream: true` chat completion: each `data:` event is one chunk (JSON), `data: [DONE]` ends
 * the answer. What the openai SDK's stream does, without its three async generators per chunk: the chunks of one
 * network read come back together, so the caller handles them (and a fast model's many tokens) in one go.
 */
export class ChatChunkDecoder {
  /** `data: [DONE]` arrived: the answer is complete (anything after it is ignored). */
  done = false;
  private readonly text = new TextDecoder();
  private readonly parser: EventSourceParser;
  private pending: ChatCompletionChunk[] = [];
  private failure: Error | undefined;

  constructor() {
    this.parser = createParser({ onEvent: (event) => this.onEvent(event) });
  }

  /** The chunks completed by these bytes; throws the server's error payload or a SyntaxError for one that is not JSON. */
  push(bytes: Uint8Array): ChatCompletionChunk[] {
    if (this.done) return [];
    this.parser.feed(this.text.decode(bytes, { stream: true }));
    const chunks = this.pending;
    this.pending = [];
    if (this.failure) throw this.failure;
    return chunks;
  }

  /**
   * The chunks still held when the body has ended: a last event the server did not close with a blank line (an
   * event ends at a blank line; a stream's end ends the last one too).
   */
  finish(): ChatCompletionChunk[] {
    if (this.done) return [];
    // The decoder's last partial character (none from a well-formed body) and a line without its newline.
    this.parser.feed(`${this.text.decode()}\n\n`);
    this.parser.reset();
    const chunks = this.pending;
    this.pending = [];
    if (this.failure) throw this.failure;
    return chunks;
  }

  private onEvent(event: EventSourceMessage): void {
    if (this.done || this.failure) return;
    if (event.data === '[DONE]') {
      this.done = true;
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      this.failure = new SyntaxError('Error reading response: malformed server-sent event JSON.');
      return;
    }
    if (event.event === 'error') {
      this.failure = new StreamErrorPayload((data as { error?: unknown } | null)?.error ?? data);
      return;
    }
    if (typeof data === 'object' && data !== null && 'error' in data && data.error) {
      this.failure = new StreamErrorPayload(data.error);
      return;
    }
    this.pending.push(data as ChatCompletionChunk);
  }
}
