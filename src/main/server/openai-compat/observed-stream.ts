// A streamed /v1 answer passed through byte for byte, while its pieces and usage are counted and its end is reported.
import { usageSchema, type Usage } from '../../../shared';
import type { RequestMeasurement } from '../../cluster';

/** One read of a response body. */
export type ChunkRead = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/** A frame that is an error object, not a chunk: `{"error": ...}`. */
const ERROR_FRAME = /^\{\s*"error"\s*:/;

/** Reads OpenAI SSE frames as they pass: one piece per `data:` chunk with a delta, the usage when one is sent. */
export class SseUsageScanner {
  usage: Usage | undefined;
  /**
   * What the upstream reported failing in the stream itself (`data: {"error": ...}`, as Ollama sends when its runner
   * dies mid-answer): the answer ended, but as a failure of the node, not a success.
   */
  failure: Error | undefined;
  private readonly decoder = new TextDecoder();
  private partial = '';

  constructor(private readonly onPiece: () => void) {}

  push(bytes: Uint8Array): void {
    const lines = (this.partial + this.decoder.decode(bytes, { stream: true })).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (!line.startsWith('data:')) return;
    const data = line.slice('data:'.length).trim();
    if (data === '[DONE]') return;
    if (ERROR_FRAME.test(data)) this.failure ??= new Error(`the node reported an error mid-answer: ${errorText(data)}`);
    if (data.includes('"delta"')) this.onPiece();
    // Parsing every chunk would cost more than the relay itself; only the one that carries the usage is read.
    if (!data.includes('"completion_tokens"')) return;
    try {
      const usage = usageSchema.safeParse((JSON.parse(data) as { usage?: unknown }).usage);
      if (usage.success) this.usage = usage.data;
    } catch {
      // a chunk that is not JSON: the client will make of it what it can
    }
  }
}

/** The message of an in-stream error frame: OpenAI's `{error: {message}}` or Ollama's `{error: "..."}`. */
function errorText(data: string): string {
  try {
    const { error } = JSON.parse(data) as { error?: string | { message?: unknown } };
    if (typeof error === 'string') return error;
    if (typeof error?.message === 'string') return error.message;
  } catch {
    // not JSON after all: the raw frame says what it says
  }
  return data.slice(0, 300);
}

/** The ending the attempt hears when the upstream's stream ended: failed when it reported an error in it. */
export function reportEnd(scanner: SseUsageScanner, attempt: RequestMeasurement): void {
  if (scanner.failure) attempt.failed(scanner.failure);
  else attempt.succeeded(scanner.usage);
}

/** The usage of a whole (non-streaming) answer, when it has one. */
export function usageOf(text: string): Usage | undefined {
  try {
    const usage = usageSchema.safeParse((JSON.parse(text) as { usage?: unknown }).usage);
    return usage.success ? usage.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The upstream's stream starting with `first` (already read, so that a node failing before it could be skipped).
 * The attempt hears exactly one ending: succeeded when the upstream ends, failed when it breaks off, cancelled
 * when the client goes away (which also cancels the upstream read). When the upstream breaks off, `cut` (the client's
 * connection destroyed) tells the client the answer is incomplete; without it the stream errors, which
 * @hono/node-server would also print to stderr with its stack.
 */
export function observedStream(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  first: ChunkRead,
  attempt: RequestMeasurement,
  clientSignal: AbortSignal,
  cut?: () => void,
): ReadableStream<Uint8Array> {
  let pending: ChunkRead | undefined = first;
  let ended = false;
  const end = (report: () => void) => {
    if (ended) return;
    ended = true;
    report();
  };
  const scanner = new SseUsageScanner(() => attempt.piece());
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const result = pending ?? (await reader.read());
        if (result === first && !result.done) attempt.firstToken();
        pending = undefined;
        if (result.done) {
          end(() => reportEnd(scanner, attempt));
          controller.close();
          return;
        }
        scanner.push(result.value);
        controller.enqueue(result.value);
      } catch (error) {
        end(() => (clientSignal.aborted ? attempt.cancelled() : attempt.failed(error)));
        // The writer sees the connection close and cancels this stream, which settles the read it waits on.
        if (cut) cut();
        else controller.error(error);
      }
    },
    async cancel(reason) {
      end(() => attempt.cancelled());
      await reader.cancel(reason).catch(() => undefined);
    },
  });
}
