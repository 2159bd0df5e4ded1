// ChatChunkDecoder over SSE bytes as a network delivers them: split anywhere, CRLF, comments, [DONE], error payloads.
import { beforeAll, describe, expect, it } from 'vitest';
import { ChatChunkDecoder, StreamErrorPayload } from './chat-chunk-decoder';
import { loadOpenAI } from './openai-sdk';
import { classifyFailure } from './transport-failure';

// classifyFailure recognises the SDK's errors once it has loaded, as it has by the time a stream is read.
beforeAll(async () => {
  await loadOpenAI();
});

const encoder = new TextEncoder();

function chunk(content: string) {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] };
}

function sse(...payloads: (object | string)[]): string {
  return payloads.map((payload) => `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`).join('');
}

/** Feeds the byte slices one after another and gathers every chunk they complete. */
function decode(decoder: ChatChunkDecoder, slices: Uint8Array[]): unknown[] {
  return slices.flatMap((slice) => decoder.push(slice));
}

/** What pushing this text in one read throws. */
function decodeUntilFailure(text: string): unknown {
  const decoder = new ChatChunkDecoder();
  try {
    decoder.push(encoder.encode(text));
  } catch (error) {
    return error;
  }
  throw new Error('the decoder did not fail');
}

const accented = [chunk('café '), chunk('🦊 renard'), chunk('naïve — fin')];

describe('ChatChunkDecoder', () => {
  it('decodes every chunk of one read and is done at [DONE]', () => {
    const decoder = new ChatChunkDecoder();
    expect(decoder.push(encoder.encode(sse(...accented, '[DONE]')))).toEqual(accented);
    expect(decoder.done).toBe(true);
  });

  it('decodes the same chunks however the bytes are split, even inside "é" or an emoji', () => {
    const bytes = encoder.encode(sse(...accented, '[DONE]'));
    // Sanity: the text really holds multi-byte characters, so some cut positions fall inside one.
    expect(bytes.length).toBeGreaterThan(sse(...accented, '[DONE]').length);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const decoder = new ChatChunkDecoder();
      expect(decode(decoder, [bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at byte ${cut}`).toEqual(accented);
      expect(decoder.done).toBe(true);
    }
    const byteAtATime = new ChatChunkDecoder();
    expect(decode(byteAtATime, Array.from(bytes, (_, index) => bytes.subarray(index, index + 1)))).toEqual(accented);
    expect(byteAtATime.done).toBe(true);
  });

  it('returns a chunk only once its event is complete', () => {
    const decoder = new ChatChunkDecoder();
    const text = sse(chunk('one'));
    expect(decoder.push(encoder.encode(text.slice(0, -1)))).toEqual([]);
    expect(decoder.push(encoder.encode(text.slice(-1)))).toEqual([chunk('one')]);
    expect(decoder.done).toBe(false);
  });

  it('keeps a last event the server ended the stream without closing (no blank line after it)', () => {
    for (const ending of ['', '\n']) {
      const decoder = new ChatChunkDecoder();
      expect(decoder.push(encoder.encode(`${sse(chunk('one'))}data: ${JSON.stringify(chunk('two'))}${ending}`))).toEqual([chunk('one')]);
      expect(decoder.finish()).toEqual([chunk('two')]);
    }
    const complete = new ChatChunkDecoder();
    complete.push(encoder.encode(sse(chunk('one'))));
    expect(complete.finish()).toEqual([]);
  });

  it('reads CRLF line endings, split between the CR and the LF too', () => {
    const bytes = encoder.encode(sse(...accented, '[DONE]').replaceAll('\n', '\r\n'));
    expect(new ChatChunkDecoder().push(bytes)).toEqual(accented);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const decoder = new ChatChunkDecoder();
      expect(decode(decoder, [bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at byte ${cut}`).toEqual(accented);
      expect(decoder.done).toBe(true);
    }
  });

  it('ignores comments such as keep-alives', () => {
    const decoder = new ChatChunkDecoder();
    const text = `: keep-alive\n\n${sse(chunk('a'))}: still here\n${sse(chunk('b'))}`;
    expect(decoder.push(encoder.encode(text))).toEqual([chunk('a'), chunk('b')]);
    expect(decoder.done).toBe(false);
  });

  it('ignores whatever follows [DONE], in the same read or later ones', () => {
    const decoder = new ChatChunkDecoder();
    expect(decoder.push(encoder.encode(sse(chunk('kept'), '[DONE]', chunk('after'))))).toEqual([chunk('kept')]);
    expect(decoder.done).toBe(true);
    expect(decoder.push(encoder.encode(sse(chunk('later'), '{not json')))).toEqual([]);
    expect(decoder.done).toBe(true);
  });

  it('throws the server\'s error payload, classified as a stream error with its message', () => {
    const error = decodeUntilFailure(sse(chunk('partial'), { error: { message: 'out of memory' } }));
    expect(error).toBeInstanceOf(StreamErrorPayload);
    expect((error as StreamErrorPayload).message).toBe('out of memory');
    expect((error as StreamErrorPayload).payload).toEqual({ message: 'out of memory' });
    expect(classifyFailure(error)).toEqual({ kind: 'stream_error', detail: 'out of memory' });
  });

  it('throws an `event: error` payload too, classified the same', () => {
    const error = decodeUntilFailure(`event: error\ndata: ${JSON.stringify({ error: { message: 'out of memory' } })}\n\n`);
    expect(error).toBeInstanceOf(StreamErrorPayload);
    expect((error as Error).message).toBe('out of memory');
    expect(classifyFailure(error)).toEqual({ kind: 'stream_error', detail: 'out of memory' });

    const bare = decodeUntilFailure(`event: error\ndata: ${JSON.stringify({ message: 'model unloaded' })}\n\n`);
    expect(classifyFailure(bare)).toEqual({ kind: 'stream_error', detail: 'model unloaded' });
  });

  it('keeps failing after an error rather than going on as if nothing happened', () => {
    const decoder = new ChatChunkDecoder();
    expect(() => decoder.push(encoder.encode(sse({ error: 'overloaded' })))).toThrow('overloaded');
    expect(() => decoder.push(encoder.encode(sse(chunk('more'))))).toThrow('overloaded');
  });

  it('throws a SyntaxError for an event that is not JSON, classified as malformed', () => {
    const error = decodeUntilFailure(sse('{"id": "c1", "choices": ['));
    expect(error).toBeInstanceOf(SyntaxError);
    expect(classifyFailure(error)).toMatchObject({ kind: 'malformed' });
    expect((classifyFailure(error) as { detail: string }).detail).toMatch(/malformed/);
  });
});
