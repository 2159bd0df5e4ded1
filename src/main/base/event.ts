// Typed events, after VS Code's base/common/event: an Emitter fires, its `event` is what others subscribe to as onDidX.
import { NONE_DISPOSABLE, type Disposable } from './disposable';

export type Listener<T> = (event: T) => void;

/** Subscribes a listener; dispose() the result to stop listening. Exposed as `readonly onDidX: Event<X>`. */
export type Event<T> = (listener: Listener<T>) => Disposable;

export interface EmitterOptions {
  /** Told when a listener throws; the other listeners still hear the event. Quiet by default. */
  onListenerError?: (error: unknown) => void;
}

export class Emitter<T> implements Disposable {
  private readonly listeners = new Set<Listener<T>>();
  private disposed = false;

  constructor(private readonly options: EmitterOptions = {}) {}

  /** Subscribes; dispose() the result to stop listening. After the emitter is disposed, nothing is subscribed. */
  readonly event: Event<T> = (listener) => {
    if (this.disposed) return NONE_DISPOSABLE;
    // A wrapper per subscription, so the same function subscribed twice is heard twice and disposed once each.
    const entry: Listener<T> = (event) => listener(event);
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  };

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /** Tells every listener subscribed now, in the order they subscribed. */
  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One faulty subscriber (a closed SSE stream, a UI) must not stop the others or whoever fired.
        this.options.onListenerError?.(error);
      }
    }
  }

  /** Drops every listener; later subscriptions and fires do nothing. */
  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}

/** The next event `event` fires, as a promise; the subscription ends with it. */
export function toPromise<T>(event: Event<T>): Promise<T> {
  return new Promise((resolve) => {
    const subscription = event((value) => {
      subscription.dispose();
      resolve(value);
    });
  });
}
