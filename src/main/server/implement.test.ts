import { Hono } from 'hono';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { apiContract, endpointPath, type ApiContract, type EndpointDefinition } from '../../shared';
import { ApiError, errorResponse, errorStyleFor } from './api-error';
import { implement, type Handlers } from './implement';
import type { ServerEnv } from './server-env';
import { assertEventName } from './sse';

const tinyContract = {
  'echo.post': { method: 'POST', path: '/echo/:name', summary: 'echo', params: z.object({ name: z.string().min(2) }), input: z.object({ times: z.number().int() }), output: z.object({ text: z.string() }), response: 'json', access: 'open' },
  'ticks.stream': { method: 'POST', path: '/ticks', summary: 'ticks', output: z.object({ type: z.literal('tick'), n: z.number() }), response: 'sse', access: 'open' },
} as const satisfies Record<string, EndpointDefinition>;

const options = { deadlineMs: 1000, failureEvent: () => ({ type: 'error' }), onContractViolation: () => {} };

describe('implement', () => {
  it('routes, validates params and body, and types the handler by the contract', async () => {
    const app = new Hono<ServerEnv>();
    app.onError((error, c) => (error instanceof ApiError ? errorResponse(c, error) : c.text('unexpected', 500)));
    implement(app, tinyContract, {
      'echo.post': ({ params, input }) => ({ text: params.name.repeat(input.times) }),
      'ticks.stream': async function* () {
        yield { type: 'tick' as const, n: 1 };
        yield { type: 'tick' as const, n: 2 };
      },
    }, options);
    const json = { 'content-type': 'application/json' };
    const echo = await app.request('/echo/ab', { method: 'POST', headers: json, body: JSON.stringify({ times: 2 }) });
    expect(await echo.json()).toEqual({ text: 'abab' });
    const badParam = await app.request('/echo/a', { method: 'POST', headers: json, body: JSON.stringify({ times: 2 }) });
    expect(badParam.status).toBe(400);
    expect(await badParam.json()).toMatchObject({ error: { issues: [{ path: ['name'] }] } });
    const ticks = await app.request('/ticks', { method: 'POST' });
    expect(await ticks.text()).toBe('event: tick\ndata: {"type":"tick","n":1}\n\nevent: tick\ndata: {"type":"tick","n":2}\n\n');
  });

  it('refuses a route that is not open unless the security middleware found a credential', async () => {
    const guarded = { 'secret.get': { method: 'GET', path: '/secret', summary: 'secret', output: z.object({ ok: z.boolean() }), response: 'json' } } as const satisfies Record<string, EndpointDefinition>;
    const make = (credentialed: boolean) => {
      const app = new Hono<ServerEnv>();
      app.onError((error, c) => (error instanceof ApiError ? errorResponse(c, error) : c.text('unexpected', 500)));
      app.use('*', async (c, next) => {
        c.set('credentialed', credentialed);
        await next();
      });
      implement(app, guarded, { 'secret.get': () => ({ ok: true }) }, options);
      return app;
    };
    const refused = await make(false).request('/secret');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'local_token_required' } });
    expect((await make(true).request('/secret')).status).toBe(200);
  });

  // Checked by the compiler (npm run typecheck, the first step of npm test); at run time expectTypeOf does nothing.
  it('makes a missing handler a compile error', () => {
    type TinyHandlers = Handlers<typeof tinyContract>;
    type EchoOutput = { text: string };
    expectTypeOf<{ 'echo.post': () => EchoOutput; 'ticks.stream': () => AsyncGenerator<{ type: 'tick'; n: number }> }>().toExtend<TinyHandlers>();
    // 'ticks.stream' has no handler.
    expectTypeOf<{ 'echo.post': () => EchoOutput }>().not.toExtend<TinyHandlers>();
    // A handler must return what the contract says.
    expectTypeOf<{ 'echo.post': () => { text: number }; 'ticks.stream': () => AsyncGenerator<{ type: 'tick'; n: number }> }>().not.toExtend<TinyHandlers>();
  });
});

describe('the API contract', () => {
  it('answers in OpenAI error form exactly on /v1', () => {
    for (const [name, endpoint] of Object.entries(apiContract) as [keyof ApiContract, EndpointDefinition][]) {
      expect(errorStyleFor(endpoint.path), name).toBe(endpoint.errorStyle ?? 'harombe');
    }
  });

  it('builds paths with their params encoded', () => {
    expect(endpointPath('conversations.cancel', { id: 'a b' })).toBe('/conversations/a%20b/cancel');
    expect(endpointPath('health.get', {})).toBe('/health');
  });
});

describe('assertEventName', () => {
  it('refuses CR and LF, which would forge SSE fields', () => {
    expect(() => assertEventName('token\ndata: forged')).toThrow('must not contain CR or LF');
    expect(() => assertEventName('token\r')).toThrow();
    expect(() => assertEventName('tool_result')).not.toThrow();
  });
});
