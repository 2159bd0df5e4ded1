// GET /models (what the backend has, marking the one in use) and POST /models/pull (a download, progress as events).
import type { InstalledModel, ModelPullEvent, ModelsResponse } from '../../../shared';
import { describeFailure, failureToApiError } from '../api-error';
import type { ServerServices } from '../services';

export async function listModels(services: ServerServices, signal: AbortSignal): Promise<ModelsResponse> {
  const configured = services.activeModel();
  let models: InstalledModel[];
  try {
    models = await services.models.listModels(signal);
  } catch (error) {
    throw failureToApiError(error, 'Could not list the models');
  }
  return { configured, models: models.map((model) => ({ ...model, configured: model.name === configured })) };
}

/** Progress lines as `progress` events, then `done`, or `error` with what to do; closing the stream stops the download. */
export async function* pullModel(services: ServerServices, name: string, signal: AbortSignal): AsyncGenerator<ModelPullEvent, void, undefined> {
  try {
    for await (const progress of services.models.pull(name, signal)) {
      yield {
        type: 'progress',
        status: progress.status,
        ...(progress.digest ? { digest: progress.digest } : {}),
        ...(progress.total !== undefined ? { total: progress.total } : {}),
        ...(progress.completed !== undefined ? { completed: progress.completed } : {}),
      };
    }
  } catch (error) {
    if (signal.aborted) return;
    const failure = describeFailure(error);
    yield { type: 'error', code: failure.code, message: `Could not pull ${name}: ${failure.message}`, ...(failure.hint ? { hint: failure.hint } : {}) };
    return;
  }
  if (!signal.aborted) yield { type: 'done', model: name };
}
