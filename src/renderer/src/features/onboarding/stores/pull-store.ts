// The one model download of this tab: started, followed, cancelled or retried here, and kept while you switch screens.
import { create } from 'zustand';
import { ApiRequestError } from '../../../../../shared/api-client';
import type { ApiClient } from '../../../../../shared/api-client';
import { initialPullProgress, nextPullProgress, type PullProgress } from '../model/pull-progress';

export type PullState =
  | { phase: 'pulling'; model: string; progress: PullProgress }
  | { phase: 'done'; model: string }
  | { phase: 'cancelled'; model: string }
  | { phase: 'failed'; model: string; message: string; hint?: string };

interface PullStore {
  pull: PullState | undefined;
  start(client: ApiClient, model: string, onSettled?: () => void): void;
  cancel(): void;
  dismiss(): void;
}

export interface PullClock {
  now(): number;
}

export function createPullStore(clock: PullClock = { now: () => performance.now() }) {
  let controller: AbortController | undefined;
  return create<PullStore>()((set, get) => ({
    pull: undefined,
    start(client, model, onSettled) {
      controller?.abort();
      const own = new AbortController();
      controller = own;
      set({ pull: { phase: 'pulling', model, progress: initialPullProgress } });
      const settle = (state: PullState) => {
        if (controller !== own) return;
        controller = undefined;
        set({ pull: state });
        onSettled?.();
      };
      void (async () => {
        try {
          for await (const event of client.stream('models.pull', { input: { name: model }, signal: own.signal })) {
            if (event.type === 'progress') {
              const current = get().pull;
              if (controller === own && current?.phase === 'pulling') set({ pull: { ...current, progress: nextPullProgress(current.progress, event, clock.now()) } });
            } else if (event.type === 'done') {
              return settle({ phase: 'done', model });
            } else {
              return settle({ phase: 'failed', model, message: event.message, ...(event.hint ? { hint: event.hint } : {}) });
            }
          }
          if (own.signal.aborted) return settle({ phase: 'cancelled', model });
          settle({ phase: 'failed', model, message: `The download of ${model} stopped before it finished.`, hint: 'Retry: Ollama carries on where it stopped.' });
        } catch (error) {
          if (own.signal.aborted) return settle({ phase: 'cancelled', model });
          const message = error instanceof ApiRequestError ? error.message : `The harombe server did not answer the download of ${model}.`;
          const hint = error instanceof ApiRequestError ? error.hint : 'Is `harombe start` still running? Retry when it is.';
          settle({ phase: 'failed', model, message, ...(hint ? { hint } : {}) });
        }
      })();
    },
    cancel() {
      controller?.abort();
    },
    dismiss() {
      if (get().pull?.phase !== 'pulling') set({ pull: undefined });
    },
  }));
}

export const usePullStore = createPullStore();
