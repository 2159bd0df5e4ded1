// GET /v1/models: `auto` plus every model the upstream resolver can route to, in OpenAI's list shape.
import type { OpenAiModelList } from '../../../shared';
import { failureToApiError } from '../api-error';
import type { UpstreamResolver } from './upstream-resolver';

export async function listOpenAiModels(resolver: UpstreamResolver, signal: AbortSignal): Promise<OpenAiModelList> {
  let names: string[];
  try {
    names = await resolver.listModels(signal);
  } catch (error) {
    throw failureToApiError(error, 'Could not list the models');
  }
  const entry = (id: string) => ({ id, object: 'model' as const, created: 0, owned_by: 'harombe' });
  return { object: 'list' as const, data: [entry('auto'), ...names.filter((name) => name !== 'auto').map(entry)] };
}
