// Builds whole tool calls from streamed deltas, whether a server sends each call whole (Ollama) or in fragments (OpenAI).
import { randomUUID } from 'node:crypto';
import type { ToolCall } from '../../shared';

/** One entry of a delta's `tool_calls`, as loosely as servers send it. */
export interface ToolCallDelta {
  index?: number | null;
  id?: string | null;
  type?: string | null;
  function?: {
    name?: string | null;
    /** JSON text (a fragment of it when split); a few servers send an object instead. */
    arguments?: string | Record<string, unknown> | null;
  } | null;
}

interface PartialCall {
  id: string | undefined;
  name: string;
  arguments: string;
}

function newCallId(): string {
  return `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

export class ToolCallAssembler {
  private readonly calls: PartialCall[] = [];
  /** Which call a delta `index` currently refers to. */
  private readonly callAtIndex = new Map<number, PartialCall>();

  constructor(private readonly createId: () => string = newCallId) {}

  /** Takes the `tool_calls` of one delta. */
  add(deltas: readonly ToolCallDelta[]): void {
    const indexesInThisDelta = new Set<number>();
    deltas.forEach((delta, position) => {
      const index = delta.index ?? position;
      const id = delta.id ?? undefined;
      let call = this.callAtIndex.get(index);
      // A new call begins at an unused index; at a used one when its id differs, or when the index repeats within
      // one delta (servers that number every whole call 0).
      const startsNewCall =
        !call || (id !== undefined && call.id !== undefined && id !== call.id) || indexesInThisDelta.has(index);
      if (!call || startsNewCall) {
        call = { id, name: '', arguments: '' };
        this.calls.push(call);
        this.callAtIndex.set(index, call);
      }
      indexesInThisDelta.add(index);
      if (id !== undefined && call.id === undefined) call.id = id;
      const name = delta.function?.name;
      // The name comes whole in the call's first delta; servers that repeat it later are not appending to it.
      if (name && call.name === '') call.name = name;
      const args = delta.function?.arguments;
      if (typeof args === 'string') call.arguments += args;
      else if (args && typeof args === 'object') call.arguments = JSON.stringify(args);
    });
  }

  /** Whether any call has begun. */
  get hasCalls(): boolean {
    return this.calls.length > 0;
  }

  /** The calls in the order they began, each with an id (made up when the server sent none). */
  finish(): ToolCall[] {
    return this.calls.map((call) => {
      call.id ??= this.createId();
      return {
        id: call.id,
        name: call.name,
        // A call without arguments means "no arguments"; '{}' keeps it valid when it goes back into the history.
        arguments: call.arguments.trim() === '' ? '{}' : call.arguments,
      };
    });
  }
}
