// `harombe start --detach` / `status` / `stop` as a user runs them: the built CLI, a pid record, a real server.
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, runCli } from './support/run-cli';

let standIn: OllamaStandIn;

beforeAll(async () => {
  standIn = await new OllamaStandIn().start();
});
afterAll(async () => {
  await standIn.stop();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('harombe start --detach, status, stop', () => {
  it('runs in the background, refuses to start twice, reports its status, and stops', async () => {
    const home = await makeHome();
    const port = await freePort();
    await writeFile(join(home, 'harombe.yaml'), `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\nserver:\n  port: ${port}\n`);
    const url = `http://127.0.0.1:${port}`;

    const before = await runCli(['status'], { home });
    expect(before.stdout).toContain(`harombe is not running (nothing answers at ${url})`);
    expect(before.code).toBe(3);

    const started = await runCli(['start', '--detach'], { home, timeoutMs: 40_000 });
    expect(started.stdout).toContain(`is running in the background (pid`);
    expect(started.code).toBe(0);
    try {
      const health = (await (await fetch(`${url}/health`)).json()) as { status: string; pid: number };
      expect(health.status).toBe('healthy');

      // The local token: made at first start, private, and the sign-in link of the web UI carries it.
      const token = (await readFile(join(home, 'local-token'), 'utf8')).trim();
      expect((await stat(join(home, 'local-token'))).mode & 0o777).toBe(0o600);
      expect(started.stdout).toContain(`web UI  ${url}/?token=${token}`);
      expect((await fetch(`${url}/config`)).status).toBe(401);
      expect((await fetch(`${url}/config`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await runCli(['status'], { home })).stdout).toContain(`web UI   ${url}/?token=${token}`);

      const twice = await runCli(['start', '--detach'], { home });
      expect(twice.stderr).toContain('harombe is already running');
      expect(twice.code).toBe(1);

      const status = await runCli(['status', '--json'], { home });
      expect(JSON.parse(status.stdout)).toMatchObject({ running: true, url, pid: health.pid, model: 'qwen2.5:7b', log: join(home, 'harombe.log') });
      expect(status.code).toBe(0);
    } finally {
      const stopped = await runCli(['stop'], { home, timeoutMs: 30_000 });
      expect(stopped.stdout).toContain('harombe stopped.');
    }
    const after = await runCli(['status'], { home });
    expect(after.code).toBe(3);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  }, 90_000);

  it('says a running harombe whose model is not pulled is degraded, with the fix', async () => {
    const home = await makeHome();
    const port = await freePort();
    await writeFile(join(home, 'harombe.yaml'), `model:\n  name: notpulled:1b\nollama:\n  host: ${standIn.url}\nserver:\n  port: ${port}\n`);
    const started = await runCli(['start', '--detach'], { home, timeoutMs: 40_000 });
    expect(started.code).toBe(0);
    try {
      const status = await runCli(['status'], { home });
      expect(status.stdout).toContain('status   degraded: ');
      expect(status.stdout).toContain('notpulled:1b is not pulled');
      expect(status.stdout).toContain('ollama pull notpulled:1b');
      expect(status.code).toBe(0);
      const json = JSON.parse((await runCli(['status', '--json'], { home })).stdout) as { status: string; model_server: { model_present: boolean } };
      expect(json).toMatchObject({ status: 'degraded', model_server: { reachable: true, model_present: false } });
    } finally {
      await runCli(['stop'], { home, timeoutMs: 30_000 });
    }
  }, 90_000);

  it('finds and stops a foreground server started from another harombe home, by its address', async () => {
    const ownHome = await makeHome();
    const otherHome = await makeHome();
    const port = await freePort();
    const config = `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\nserver:\n  port: ${port}\n`;
    await writeFile(join(ownHome, 'harombe.yaml'), config);
    await writeFile(join(otherHome, 'harombe.yaml'), config);
    await runCli(['start', '--detach'], { home: otherHome, timeoutMs: 40_000 });
    const status = await runCli(['status', '--json'], { home: ownHome });
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, url: `http://127.0.0.1:${port}` });
    const stopped = await runCli(['stop'], { home: ownHome, timeoutMs: 30_000 });
    expect(stopped.stdout).toContain('harombe stopped.');
  }, 90_000);

  async function startOnTakenPort(listen: (port: number) => Promise<{ port: number; close: () => void }>) {
    const home = await makeHome();
    const holder = await listen(0);
    try {
      await writeFile(join(home, 'harombe.yaml'), `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\nserver:\n  port: ${holder.port}\n`);
      const result = await runCli(['start'], { home });
      return { ...result, port: holder.port };
    } finally {
      holder.close();
    }
  }

  /** A server in this test process: /proc shows it as ours, so harombe can name the pid. */
  function listenPlainTcp(port: number) {
    const server = createServer((socket) => socket.end());
    return new Promise<{ port: number; close: () => void }>((resolve) =>
      server.listen(port, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, close: () => server.close() })),
    );
  }

  function listenHttp(body: unknown, headers: Record<string, string>) {
    return (port: number) => {
      const server = createHttpServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(body));
      });
      return new Promise<{ port: number; close: () => void }>((resolve) =>
        server.listen(port, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, close: () => {
            server.closeAllConnections();
            server.close();
          },
        })),
      );
    };
  }

  it('names the program that holds the port, and how to pick another', async () => {
    const result = await startOnTakenPort(listenPlainTcp);
    const [message, hint] = result.stderr.trim().split('\n').slice(-2);
    expect(message).toMatch(new RegExp(`^error: cannot start harombe: Port ${result.port} on 127\\.0\\.0\\.1 is already in use by another program`));
    if (process.platform === 'linux') expect(message).toContain(`pid ${process.pid} (`);
    expect(hint).toMatch(/^ {2}Stop that program, or pick another port: `harombe start --port \d+` for this run, or server\.port in harombe\.yaml\.$/);
    expect(result.stderr).not.toContain('harombe stop');
    expect(result.code).toBe(1);
  });

  it('says when an HTTP server that is not harombe holds the port, with its Server header', async () => {
    const result = await startOnTakenPort(listenHttp({ hello: 'world' }, { server: 'test-httpd/1.0' }));
    expect(result.stderr).toContain(`Port ${result.port} on 127.0.0.1 is already in use by another program that answers HTTP there (Server: test-httpd/1.0)`);
    expect(result.stderr).toContain('Stop that program, or pick another port');
    expect(result.code).toBe(1);
  });

  it('says when another harombe holds the port, with its pid, and suggests harombe stop', async () => {
    const health = { status: 'healthy', model: 'qwen2.5:7b', version: '0.1.0', pid: 4242, node: { name: 'other', tier: 0 } };
    const result = await startOnTakenPort(listenHttp(health, {}));
    expect(result.stderr).toContain(`Port ${result.port} on 127.0.0.1 is already in use by another harombe (pid 4242).`);
    expect(result.stderr).toContain('Stop it with `harombe stop`, or pick another port: `harombe start --port');
    expect(result.code).toBe(1);
  });
});
