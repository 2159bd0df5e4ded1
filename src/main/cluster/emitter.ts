// A tiny typed event emitter: `onDidX(listener)` returns a Disposable; a throwing listener never breaks the emitter.

export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (event: T) => void;

export class Emitter<T> {
  private listeners = new Set<Listener<T>>();

  /** Subscribes; dispose() the result to stop listening. */
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  fire(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One faulty subscriber (a closed SSE stream, a UI) must not stop the others or the cluster itself.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
