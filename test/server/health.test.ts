// GET /health says whether this node can answer: `degraded` with the model server's state while it cannot; the address
// and the detailed error only to callers on this machine, the reason in words and the fix to anyone (a coordinator).
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/server/app';
import type { ModelServerHealthSource } from '../../src/main/server/services';
import { healthResponseSchema } from '../../src/shared';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld } from '../support/fake-services';

const DOWN = {
  ready: false,
  reachable: false,
  modelPresent: false,
  url: 'http://127.0.0.1:11434',
  detail: 'Ollama is not reachable: nothing is listening at http://127.0.0.1:11434',
  reason: 'Ollama is not reachable',
  hint: 'Start it with `ollama serve`.',
  checkedAt: '2026-12-02T04:00:00.000Z',
};

function setup(state: Awaited<ReturnType<ModelServerHealthSource['state']>>) {
  const world = fakeWorld({ overrides: { modelServer: { state: async () => state } } });
  return createApp(world.services, { host: '0.0.0.0', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN });
}

describe('GET /health with the model server down', () => {
  it('says degraded; this machine sees the address and the detail, a remote caller the reason and the fix', async () => {
    const app = setup(DOWN);
    const local = healthResponseSchema.parse(await (await call(app, '/health')).json());
    expect(local).toMatchObject({
      status: 'degraded',
      model_server: { reachable: false, model_present: false, url: DOWN.url, error: DOWN.detail, hint: DOWN.hint, checked_at: DOWN.checkedAt },
    });

    const remote = healthResponseSchema.parse(await (await call(app, '/health', {}, '192.168.1.20')).json());
    expect(remote).toMatchObject({ status: 'degraded', model_server: { reachable: false, model_present: false, error: 'Ollama is not reachable', hint: DOWN.hint } });
    expect(JSON.stringify(remote)).not.toContain('127.0.0.1');
  });

  it('says healthy with the model server ready, and no error', async () => {
    const app = setup({ ready: true, reachable: true, modelPresent: true, url: DOWN.url, checkedAt: DOWN.checkedAt });
    const body = healthResponseSchema.parse(await (await call(app, '/health')).json());
    expect(body).toMatchObject({ status: 'healthy', model_server: { reachable: true, model_present: true, url: DOWN.url } });
    expect(body.model_server).not.toHaveProperty('error');
  });
});
