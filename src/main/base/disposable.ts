// Disposables, after VS Code's base/common/lifecycle: anything started hands back a Disposable its owner disposes.

/** Something that holds a resource (a listener, a timer, a socket) until dispose() lets it go. */
export interface Disposable {
  dispose(): void;
}

/** A disposable that does nothing, for a subscription that never took hold (an emitter already disposed). */
export const NONE_DISPOSABLE: Disposable = Object.freeze({ dispose() {} });

/** `dispose` as a Disposable that runs it once, however often it is disposed. */
export function toDisposable(dispose: () => void): Disposable {
  let disposed = false;
  return {
    dispose() {
      if (disposed) return;
      disposed = true;
      dispose();
    },
  };
}

/**
 * Disposables that end together: add() each as it is made, dispose() the store once. What is added after the store
 * was disposed is disposed at once, so a late subscription cannot outlive its owner.
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Keeps `item` until the store is disposed, and returns it. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  /** Disposes every item (in the order added) and forgets them; the store stays usable. */
  clear(): void {
    const items = [...this.items];
    this.items.clear();
    const errors: unknown[] = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch (error) {
        // One item failing to let go must not keep the others holding on.
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed to dispose`);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}
