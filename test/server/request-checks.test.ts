// What the server checks before a handler runs: JSON bodies say they are JSON (415), nest at most 64 levels (400),
// and GET /health tells the process id and uptime only to callers on this machine.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/server/app';
import { apiErrorSchema, healthResponseSchema, openAiErrorSchema } from '../../src/shared';
import { TEST_LOCAL_TOKEN, TEST_PORT, call, fakeWorld, sampleConversation } from '../support/fake-services';

function setup() {
  const world = fakeWorld();
  return { ...world, app: createApp(world.services, { host: '0.0.0.0', port: TEST_PORT, localToken: TEST_LOCAL_TOKEN }) };
}

/** A body sent as bytes, so that nothing adds a Content-Type (a string body would get text/plain). */
const bytes = (text: string) => new TextEncoder().encode(text);
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON bodies', () => {
  it('a body without Content-Type is a 415 saying which header to send; with it, the README line works', async () => {
    const { app, turns } = setup();
    const bare = await call(app, '/chat', { method: 'POST', body: bytes('{"message": "Hello!"}') });
    expect(bare.status).toBe(415);
    expect(apiErrorSchema.parse(await bare.json()).error).toEqual({
      code: 'unsupported_media_type',
      message: 'The request body must be JSON, and this request has no Content-Type',
      hint: 'Send the body with the header Content-Type: application/json.',
    });
    const openAi = await call(app, '/v1/chat/completions', { method: 'POST', body: bytes('{"model":"auto","messages":[{"role":"user","content":"hi"}]}') });
    expect(openAi.status).toBe(415);
    expect(openAiErrorSchema.parse(await openAi.json()).error.message).toContain('Content-Type: application/json');
    expect(turns.inputs).toEqual([]);

    const readme = await call(app, '/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"message": "Hello!"}' });
    expect(readme.status).toBe(200);
  });

  it('a POST with no body at all is fine on a route that takes none', async () => {
    const { app, conversations } = setup();
    await conversations.save(sampleConversation('quiet'));
    const cancel = await call(app, '/conversations/quiet/cancel', { method: 'POST' });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toEqual({ conversation_id: 'quiet', cancelled: false });
  });

  it('takes 64 levels of nesting and refuses 65 with a 400 naming the limit; brackets inside strings do not count', async () => {
    const { app, turns } = setup();
    const send = (body: string) => call(app, '/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // The body itself is the first level.
    expect((await send(`{"message":"hi","extra":${nested(63)}}`)).status).toBe(200);
    const tooDeep = await send(`{"message":"hi","extra":${nested(64)}}`);
    expect(tooDeep.status).toBe(400);
    expect(apiErrorSchema.parse(await tooDeep.json()).error).toMatchObject({
      code: 'json_too_deep',
      message: 'The request body nests arrays and objects more than 64 levels deep',
    });
    expect((await send(JSON.stringify({ message: `${'['.repeat(500)}"\\{` }))).status).toBe(200);
    expect(turns.inputs).toHaveLength(2);
  });
});

describe('GET /health', () => {
  it('tells a caller on this machine the pid and uptime, and a remote caller neither', async () => {
    const { app } = setup();
    const local = healthResponseSchema.parse(await (await call(app, '/health')).json());
    expect(local).toMatchObject({ status: 'healthy', pid: process.pid, uptime_seconds: expect.any(Number) });

    const remote = await call(app, '/health', {}, '192.168.1.20');
    expect(remote.status).toBe(200);
    const body = (await remote.json()) as Record<string, unknown>;
    expect(healthResponseSchema.parse(body)).toMatchObject({ status: 'healthy', model: 'qwen2.5:7b', node: { name: 'local', tier: 0 } });
    expect(body).not.toHaveProperty('pid');
    expect(body).not.toHaveProperty('uptime_seconds');
  });
});
