// Over a real socket on 127.0.0.1: tokens arrive while the turn is still running, hanging up cancels it, stop() cleans up.
import { execFile, spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HarombeServer } from '../../src/main/server';
import { TEST_LOCAL_TOKEN, Gate, fakeWorld, gatedScript, whenAborted } from '../support/fake-services';
import { useFakeWorldServer } from '../support/fake-world-server';
import { SseReader } from '../support/sse-reader';

const startServer = useFakeWorldServer();

/** Sockets, servers and timers alive in this process (what a leak would add to). */
function openHandles(): string[] {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap' || kind === 'Timeout');
}

describe('POST /chat/stream over a socket', () => {
  it('listens on the port it was given (0 = any free one) and tells which', async () => {
    const { url, port } = await startServer();
    expect(port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${port}`);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'healthy' });
  });

  it('delivers the first token while the turn is still blocked', async () => {
    const { url, turns } = await startServer();
    const gate = new Gate();
    turns.script = gatedScript('Hel', gate).script;

    const stream = await SseReader.open(`${url}/chat/stream`, { message: 'Hello!' });
    expect(stream.status).toBe(200);
    expect(stream.response.headers['content-type']).toContain('text/event-stream');
    expect(await stream.next()).toMatchObject({ event: 'confirm_required', data: { confirmation_id: 'c-1' } });
    // The turn cannot go on until the gate opens, so this token was flushed on its own.
    expect(await stream.next()).toEqual({ event: 'token', data: { type: 'token', text: 'Hel' } });

    gate.open();
    const rest = await stream.rest();
    expect(rest.map((event) => event.event)).toEqual(['token', 'done']);
    expect(rest[1]?.data).toMatchObject({ type: 'done', response: 'Hel world', conversation_id: 'conv-gated' });
  });

  it('answers with the stream headers at once when the first event is slow to come (a model loading)', async () => {
    const { url, turns } = await startServer();
    const gate = new Gate();
    turns.script = async function* () {
      await gate.opened;
      yield { type: 'token', text: 'late' };
      yield { type: 'done', conversation_id: 'conv-slow', response: 'late', steps: 1 };
    };
    // Resolves on the headers alone: nothing has been said yet.
    const stream = await SseReader.open(`${url}/chat/stream`, { message: 'Hello!' });
    expect(stream.status).toBe(200);
    expect(stream.response.headers['content-type']).toContain('text/event-stream');
    gate.open();
    expect((await stream.rest()).map((event) => event.event)).toEqual(['token', 'done']);
  });

  it('cancels the turn when the client hangs up', async () => {
    const { url, turns } = await startServer();
    const { script, cancelled } = gatedScript('Hel', new Gate());
    turns.script = script;
    const stream = await SseReader.open(`${url}/chat/stream`, { message: 'Hello!' });
    await stream.until('token');
    stream.close();
    await cancelled; // resolves only if the turn saw its AbortSignal fire
    expect(turns.inputs[0]?.signal?.aborted).toBe(true);
  });
});

describe("the seed README's curl lines, run by curl itself", () => {
  const curl = spawnSync('curl', ['--version']).status === 0;

  it.skipIf(!curl)('curl http://localhost:PORT/health and POST /chat {"message": "Hello!"} work as written', async () => {
    const { port } = await startServer();
    const run = (args: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile('curl', ['--silent', '--show-error', '--fail', ...args], (error, stdout) => (error ? reject(error) : resolve(stdout))),
      );
    expect(JSON.parse(await run([`http://localhost:${port}/health`]))).toMatchObject({ status: 'healthy', model: 'qwen2.5:7b' });
    const chat = await run(['-X', 'POST', `http://localhost:${port}/chat`, '-H', 'Content-Type: application/json', '-d', '{"message": "Hello!"}']);
    expect(JSON.parse(chat)).toMatchObject({ response: 'Hello! How can I help?' });
  });
});

describe('POST /chat over a socket', () => {
  it('cancels the turn when the client hangs up before the answer', async () => {
    const { url, turns } = await startServer();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let sawAbort!: () => void;
    const cancelled = new Promise<void>((resolve) => (sawAbort = resolve));
    turns.script = async function* (input) {
      started();
      await whenAborted(input.signal);
      sawAbort();
      yield { type: 'done', conversation_id: 'c', response: '', steps: 0, cancelled: true };
    };
    // Chunked, so the body-limit middleware rebuilds the request: the hang-up must still reach the turn.
    const outgoing = request(`${url}/chat`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    outgoing.on('error', () => {}); // the hang-up below is the point
    outgoing.end(JSON.stringify({ message: 'Hello!' }));
    await running;
    outgoing.destroy();
    await cancelled;
  });
});

describe('HarombeServer.stop', () => {
  it('cancels running turns at the deadline and leaves no socket, server or timer behind', async () => {
    const before = openHandles().length;
    const { url, turns, server } = await startServer();
    const { script, cancelled } = gatedScript('Hel', new Gate());
    turns.script = script;
    const stream = await SseReader.open(`${url}/chat/stream`, { message: 'Hello!' });
    await stream.until('token');
    const idle = await fetch(`${url}/health`); // a keep-alive connection, idle when stop() begins
    await idle.text();

    await server.stop({ graceDeadlineMs: 20 });
    await cancelled;
    const rest = await stream.rest();
    expect(rest.at(-1)).toMatchObject({ event: 'done', data: { cancelled: true } });
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    await expect.poll(() => openHandles().length).toBeLessThanOrEqual(before);
  });

  it('refuses to start on a port that is taken, saying what to do', async () => {
    const { port } = await startServer();
    const second = new HarombeServer(fakeWorld().services, { host: '127.0.0.1', port, localToken: TEST_LOCAL_TOKEN });
    await expect(second.start()).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
  });
});
