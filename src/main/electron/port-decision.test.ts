import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { decidePort, freeLoopbackPort } from './port-decision';
import type { HealthResponse } from '../../shared';

const health = { status: 'healthy', model: 'qwen2.5:7b', version: '0.1.0' } as HealthResponse;

describe('port-conflict decisions', () => {
  it('starts on the configured port when nothing answers there', () => {
    expect(decidePort({ state: 'nothing' }, '127.0.0.1:8000')).toEqual({ action: 'start' });
  });

  it('asks to attach when a harombe answers there', () => {
    expect(decidePort({ state: 'harombe', health }, '127.0.0.1:8000')).toEqual({ action: 'ask-attach', version: '0.1.0' });
  });

  it('moves to a free port when something else holds it, naming what answered', () => {
    const decision = decidePort({ state: 'other', detail: 'HTTP 200, not JSON', server: 'nginx' }, '127.0.0.1:8000');
    expect(decision).toMatchObject({ action: 'start-elsewhere' });
    expect(decision.action === 'start-elsewhere' && decision.reason).toMatch(/127\.0\.0\.1:8000 is taken by another program, not harombe \(it answered nginx \(HTTP 200, not JSON\)\).*server\.port/);
  });

  it('finds a loopback port nothing listens on', async () => {
    const port = await freeLoopbackPort();
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
    expect(port).toBeGreaterThan(0);
  });
});
