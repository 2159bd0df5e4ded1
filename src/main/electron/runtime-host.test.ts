import { describe, expect, it } from 'vitest';
import type { HarombeConfig } from '../../shared';
import type { RuntimeStatus } from '../runtime';
import type { PortCheck } from '../server/port-check';
import { hostRuntime, type HostableRuntime } from './runtime-host';

class StandInRuntime implements HostableRuntime {
  started = false;
  disposed = false;
  constructor(
    private readonly port: number,
    private readonly failStart?: Error,
  ) {}
  get config(): HarombeConfig {
    return { server: { host: '127.0.0.1', port: this.port } } as HarombeConfig;
  }
  readonly localToken = 'token-1';
  async start(): Promise<RuntimeStatus> {
    if (this.failStart) throw this.failStart;
    this.started = true;
    const url = `http://127.0.0.1:${this.port}`;
    return { url, port: this.port, model: 'm', signInUrl: `${url}/?token=token-1` };
  }
  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

function host(check: PortCheck, attach = false, failStart?: Error) {
  const created: StandInRuntime[] = [];
  const asked: string[] = [];
  const hosted = hostRuntime({
    createRuntime: async (port) => {
      const runtime = new StandInRuntime(port ?? 8000, failStart);
      created.push(runtime);
      return runtime;
    },
    askAttach: async (url, version) => {
      asked.push(`${url} ${version}`);
      return attach;
    },
    checkPort: async () => check,
    freePort: async () => 43210,
  });
  return { hosted, created, asked };
}

describe('hosting the runtime', () => {
  it('starts on the configured port when it is free', async () => {
    const { hosted, created } = host({ state: 'nothing' });
    expect(await hosted).toMatchObject({ baseUrl: 'http://127.0.0.1:8000', token: 'token-1', attached: false });
    expect(created.map((runtime) => runtime.started)).toEqual([true]);
  });

  it('attaches to the harombe already there when the user says so, starting no server', async () => {
    const { hosted, created, asked } = host({ state: 'harombe', health: { version: '0.1.0' } as never }, true);
    expect(await hosted).toMatchObject({ baseUrl: 'http://127.0.0.1:8000', attached: true });
    expect(asked).toEqual(['http://127.0.0.1:8000 0.1.0']);
    expect(created.map((runtime) => runtime.started)).toEqual([false]);
  });

  it('or starts a second harombe on a free loopback port, saying where', async () => {
    const { hosted, created } = host({ state: 'harombe', health: { version: '0.1.0' } as never }, false);
    const result = await hosted;
    expect(result).toMatchObject({ baseUrl: 'http://127.0.0.1:43210', attached: false });
    expect(result.notice).toBe('Another harombe (0.1.0) serves http://127.0.0.1:8000; this one started on 127.0.0.1:43210.');
    expect(created.map((runtime) => [runtime.started, runtime.disposed])).toEqual([[false, true], [true, false]]);
  });

  it('moves to a free port when another program holds it, and says so', async () => {
    const { hosted } = host({ state: 'other', detail: 'HTTP 404' });
    const result = await hosted;
    expect(result.baseUrl).toBe('http://127.0.0.1:43210');
    expect(result.notice).toMatch(/127\.0\.0\.1:8000 is taken by another program/);
  });

  it('never reports started when the server did not start: the error surfaces and the runtime is disposed', async () => {
    const { hosted, created } = host({ state: 'nothing' }, false, new Error('listen EACCES 127.0.0.1:80'));
    await expect(hosted).rejects.toThrow('listen EACCES');
    expect(created[0]!.disposed).toBe(true);
  });
});
