// POST /chat and /chat/stream options: replace_from (edit, regenerate) and model, each checked before the turn runs.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/server/app';
import { apiErrorSchema } from '../../src/shared';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld, sampleConversation } from '../support/fake-services';

function setup() {
  const world = fakeWorld();
  const app = createApp(world.services, { host: '127.0.0.1', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN });
  return { ...world, app };
}

async function errorOf(response: Response) {
  return apiErrorSchema.parse(await response.json()).error;
}

describe('replace_from', () => {
  it('hands the index of a user message to the turn', async () => {
    const { app, conversations, turns } = setup();
    await conversations.save(sampleConversation('abc'));
    const response = await call(app, '/chat/stream', { method: 'POST', json: { message: 'again', conversation_id: 'abc', replace_from: 0 } });
    expect(response.status).toBe(200);
    await response.text();
    expect(turns.inputs[0]).toMatchObject({ conversationId: 'abc', message: 'again', replaceFrom: 0 });
  });

  it.each([
    ['an assistant message', 1],
    ['past the end', 2],
  ])('is a 400 when it points at %s', async (_what, index) => {
    const { app, conversations, turns } = setup();
    await conversations.save(sampleConversation('abc'));
    for (const path of ['/chat', '/chat/stream']) {
      const response = await call(app, path, { method: 'POST', json: { message: 'x', conversation_id: 'abc', replace_from: index } });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'invalid_replace_from', hint: expect.stringContaining('user message') });
    }
    expect(turns.inputs).toHaveLength(0);
  });

  it('is a 400 without the conversation it points into', async () => {
    const { app } = setup();
    const response = await call(app, '/chat/stream', { method: 'POST', json: { message: 'x', replace_from: 0 } });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('replace_from') });
  });
});

describe('model', () => {
  it('hands a model the backend has to the turn', async () => {
    const { app, turns } = setup();
    const response = await call(app, '/chat', { method: 'POST', json: { message: 'hi', model: 'llama3.2:3b' } });
    expect(response.status).toBe(200);
    expect(turns.inputs[0]).toMatchObject({ model: 'llama3.2:3b' });
  });

  it('is a 400 listing the models when the backend does not have it', async () => {
    const { app, turns } = setup();
    const response = await call(app, '/chat/stream', { method: 'POST', json: { message: 'hi', model: 'nope:1b' } });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'unknown_model', hint: expect.stringContaining('qwen2.5:7b, llama3.2:3b') });
    expect(turns.inputs).toHaveLength(0);
  });
});
