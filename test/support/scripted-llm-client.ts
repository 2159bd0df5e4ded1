// An in-memory LlmClient for agent tests: each call plays the next scripted response (deltas, tool calls, pauses, errors).
import type { ChatRequest, FinishReason, LlmClient, LlmStreamEvent } from '../../src/main/llm/llm-client';
import { LlmError } from '../../src/main/llm/llm-client';
import type { Usage } from '../../src/shared';

/** A pause inside a response: the stream waits at it until open() — or until the request's signal aborts. */
export class Gate {
  private markReached!: () => void;
  private release!: () => void;
  /** Resolves when the stream arrives at the gate. */
  readonly reached = new Promise<void>((resolve) => (this.markReached = resolve));
  private readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  open(): void {
    this.release();
  }

  /** Called by the stream. */
  async wait(signal: AbortSignal | undefined, honourSignal: boolean): Promise<void> {
    this.markReached();
    if (!honourSignal || !signal) return this.opened;
    if (signal.aborted) throw abortedError();
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(abortedError());
      signal.addEventListener('abort', onAbort, { once: true });
      void this.opened.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }
}

export type ScriptItem =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; id: string; name: string; arguments: string }
  | { type: 'gate'; gate: Gate }
  | { type: 'error'; error: Error }
  | { type: 'finish'; reason: FinishReason; usage?: Usage };

export type ScriptedResponse = ScriptItem[] | ((request: ChatRequest) => ScriptItem[]);

function abortedError(): LlmError {
  return new LlmError('aborted', 'The request was cancelled.');
}

/** Text split into a few deltas, as a model streams it. */
export function text(value: string): ScriptItem[] {
  const words = value.match(/\S+\s*|\s+/g) ?? [];
  return words.map((word) => ({ type: 'text', text: word }));
}

export function toolCall(name: string, args: string | Record<string, unknown>, id = `call_${name}`): ScriptItem {
  return { type: 'tool-call', id, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) };
}

export function finish(usage?: Usage, reason: FinishReason = 'stop'): ScriptItem {
  return { type: 'finish', reason, ...(usage ? { usage } : {}) };
}

/** Pauses the stream at `gate` (see Gate). */
export function pause(gate: Gate): ScriptItem {
  return { type: 'gate', gate };
}

/** A complete plain answer. */
export function reply(value: string, usage?: Usage): ScriptItem[] {
  return [...text(value), finish(usage)];
}

/** A step that only calls tools. */
export function callTools(...calls: ScriptItem[]): ScriptItem[] {
  return [...calls, finish(undefined, 'tool_calls')];
}

export interface ScriptedLlmClientOptions {
  /** False plays a client that ignores the abort signal (the agent must still stop waiting). */
  honourSignal?: boolean;
}

export class ScriptedLlmClient implements LlmClient {
  readonly model = 'scripted-model';
  readonly endpoint = 'memory://scripted';
  /** Every request received, in order, as sent (messages copied). */
  readonly requests: ChatRequest[] = [];
  private readonly script: ScriptedResponse[];
  private readonly honourSignal: boolean;

  constructor(responses: ScriptedResponse[] = [], options: ScriptedLlmClientOptions = {}) {
    this.script = [...responses];
    this.honourSignal = options.honourSignal ?? true;
  }

  push(...responses: ScriptedResponse[]): void {
    this.script.push(...responses);
  }

  get remaining(): number {
    return this.script.length;
  }

  streamChat(request: ChatRequest): AsyncIterable<LlmStreamEvent> {
    const callNumber = this.requests.length + 1;
    this.requests.push({ ...request, messages: structuredClone(request.messages) });
    const next = this.script.shift();
    if (!next) throw new Error(`ScriptedLlmClient: no response scripted for call ${callNumber}`);
    const items = typeof next === 'function' ? next(request) : next;
    return this.play(items, request.signal);
  }

  private async *play(items: ScriptItem[], signal: AbortSignal | undefined): AsyncGenerator<LlmStreamEvent> {
    let finished = false;
    for (const item of items) {
      // A microtask between events, like a network stream, so a cancel can land between them.
      await Promise.resolve();
      if (this.honourSignal && signal?.aborted) throw abortedError();
      switch (item.type) {
        case 'text':
          yield { type: 'text-delta', text: item.text };
          break;
        case 'tool-call':
          yield { type: 'tool-call', call: { id: item.id, name: item.name, arguments: item.arguments } };
          break;
        case 'gate':
          await item.gate.wait(signal, this.honourSignal);
          break;
        case 'error':
          throw item.error;
        case 'finish':
          finished = true;
          yield { type: 'finish', reason: item.reason, ...(item.usage ? { usage: item.usage } : {}) };
          break;
      }
    }
    if (!finished) yield { type: 'finish', reason: items.some((item) => item.type === 'tool-call') ? 'tool_calls' : 'stop' };
  }
}
