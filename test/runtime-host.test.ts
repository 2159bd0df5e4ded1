// HarombeRuntime as the desktop app hosts it: the tray starts and stops its server any number of times, approvals keep
// working, start() twice is one server, warnings come once, and dispose() leaves no handle, socket or child behind.
import { execFileSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiRequestError, type HarombeConfig, type PendingConfirmation } from '../src/shared';
import { httpAgent } from '../src/main/net/keep-alive-agents';
import { HarombeRuntime, type RuntimeState, type RuntimeWarning } from '../src/main/runtime';
import type { ServerLogger } from '../src/main/server';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome } from './support/run-cli';
import { SseReader } from './support/sse-reader';

let standIn: OllamaStandIn;

beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
});
afterAll(() => standIn?.stop());

/** A home of its own, with harombe.yaml in it (no configPath: the runtime finds it there). */
async function homeWith(extra = ''): Promise<string> {
  const home = await makeHome();
  const yaml = `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n  workspace: ${join(home, 'workspace')}\n${extra}`;
  await writeFile(join(home, 'harombe.yaml'), yaml);
  return home;
}

/** What the runtime says, kept instead of printed: nothing it builds writes to the console. */
function recordingLogger(): ServerLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), warn: (message) => lines.push(message), error: (message) => lines.push(message) };
}

async function create(home: string, port = 0): Promise<HarombeRuntime> {
  return HarombeRuntime.create({ home, port, logger: recordingLogger(), modelServerCheck: { intervalMs: 60_000 } });
}

/** Runs a shell command through /chat/stream and approves it over HTTP, as the desktop window would. */
async function approvedShellTurn(runtime: HarombeRuntime, url: string, command: string): Promise<unknown> {
  standIn.on({ lastUserMessage: /run it/ }).callTool('shell', { command });
  standIn.on({ afterToolResult: 'shell' }).reply((request) => `Result: ${request.lastToolResult?.content.trim()}`);
  const announced: PendingConfirmation[][] = [];
  const subscription = runtime.onDidChangePendingConfirmations((confirmations) => announced.push(confirmations));
  const stream = await SseReader.open(`${url}/chat/stream`, { message: 'run it' });
  const asked = await stream.until('confirm_required');
  expect(asked, 'the turn asks for approval instead of being denied at once').toBeDefined();
  const id = (asked!.data as { confirmation_id: string }).confirmation_id;
  // The broker tells the host before the stream tells the client: a tray badge is never behind the window.
  expect(announced.at(-1)?.map((confirmation) => confirmation.confirmation_id)).toEqual([id]);
  const answer = await fetch(`${url}/confirmations/${id}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${runtime.localToken}`, 'content-type': 'application/json' },
    body: '{"decision":"allow_once"}',
  });
  expect(answer.status).toBe(200);
  const result = (await stream.rest()).find((event) => event.event === 'tool_result')?.data;
  expect(announced.at(-1)).toEqual([]);
  subscription.dispose();
  return result;
}

/** Resources that keep the event loop alive, by kind: servers, sockets (TCP and mDNS's UDP), child processes, timers. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = { TCPServerWrap: 0, TCPSocketWrap: 0, UDPWrap: 0, ProcessWrap: 0, Timeout: 0 };
  for (const kind of process.getActiveResourcesInfo()) if (kind in counts) counts[kind] = counts[kind]! + 1;
  return counts;
}

/** Kinds of which there are more now than `before` (the test runner's own come and go, so fewer is fine). */
function grownSince(before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(activeResources()).filter(([kind, count]) => count > before[kind]!));
}

/** This process's child processes, leaving out the `ps` that lists them. */
function childProcesses(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/\sps$/.test(line));
}

/** Idle keep-alive sockets to the stand-in left in the process-wide pool. */
function idleSocketsToStandIn(): number {
  const port = new URL(standIn.url).port;
  return Object.entries(httpAgent.freeSockets)
    .filter(([name]) => name.includes(`:${port}:`))
    .reduce((sum, [, sockets]) => sum + (sockets?.length ?? 0), 0);
}

describe('HarombeRuntime hosted by an app', () => {
  it('starts and stops its server any number of times, and an approval still works after Stop → Start', async () => {
    const runtime = await create(await homeWith());
    const states: RuntimeState[] = [];
    runtime.onDidChangeStatus(({ state }) => states.push(state));
    try {
      for (let round = 0; round < 2; round += 1) {
        await runtime.start();
        await runtime.stop({ graceDeadlineMs: 0 });
      }
      const { url } = await runtime.start();
      expect(await approvedShellTurn(runtime, url, 'echo still-asked')).toMatchObject({ ok: true, output: expect.stringContaining('still-asked') });
      expect(states).toEqual(['starting', 'running', 'stopping', 'stopped', 'starting', 'running', 'stopping', 'stopped', 'starting', 'running']);
    } finally {
      await runtime.dispose({ graceDeadlineMs: 0 });
    }
    expect(states.at(-1)).toBe('disposed');
  });

  it('start() twice is one server (the same status), and stop() closes it', async () => {
    const runtime = await create(await homeWith());
    try {
      const [first, second] = await Promise.all([runtime.start(), runtime.start()]);
      expect(second).toEqual(first);
      expect(await runtime.start()).toEqual(first);
      await runtime.stop({ graceDeadlineMs: 0 });
      await expect(fetch(`${first.url}/health`)).rejects.toThrow();
    } finally {
      await runtime.dispose({ graceDeadlineMs: 0 });
    }
    await expect(runtime.start()).rejects.toThrow(/disposed; create a new one/);
  });

  it('a start that fails (the port is taken) leaves it stopped, and Start works once the port is free', async () => {
    // A program that holds the port and never answers (harombe's probe of it is left hanging until it goes).
    const connections = new Set<Socket>();
    const blocker = createServer((socket) => void connections.add(socket));
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const runtime = await create(await homeWith(), port);
    const states: RuntimeState[] = [];
    runtime.onDidChangeStatus(({ state }) => states.push(state));
    try {
      await expect(runtime.start()).rejects.toThrow(/already in use/);
      expect(runtime.status).toBeUndefined();
      for (const socket of connections) socket.destroy();
      await new Promise((resolve) => blocker.close(resolve));
      expect((await runtime.start()).port).toBe(port);
      expect(states).toEqual(['starting', 'stopped', 'starting', 'running']);
    } finally {
      if (blocker.listening) blocker.close();
      await runtime.dispose({ graceDeadlineMs: 0 });
    }
  });

  it('says each warning once: the confirm_dangerous one in the list and on onDidWarn, across a Stop → Start', async () => {
    const runtime = await create(await homeWith('  confirm_dangerous: false\n'));
    const warned: RuntimeWarning[] = [];
    runtime.onDidWarn((warning) => warned.push(warning));
    try {
      expect(runtime.warnings.filter((warning) => warning.includes('confirm_dangerous'))).toHaveLength(1);
      await runtime.start();
      await runtime.stop({ graceDeadlineMs: 0 });
      await runtime.start();
      expect(warned.filter((warning) => warning.code === 'confirm_dangerous')).toHaveLength(1);
      expect(warned.filter((warning) => warning.message.includes('confirm_dangerous'))).toHaveLength(1);
    } finally {
      await runtime.dispose({ graceDeadlineMs: 0 });
    }
  });

  it('keeps harombe.yaml and the conversations in the home it is given, whatever HAROMBE_HOME says', async () => {
    const home = await homeWith();
    expect(process.env['HAROMBE_HOME']).not.toBe(home);
    const runtime = await create(home);
    try {
      const { url } = await runtime.start();
      standIn.on({ lastUserMessage: 'Hello!' }).reply(['Hi', ' there']);
      const answer = (await (await fetch(`${url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"Hello!"}' })).json()) as { conversation_id: string };
      expect(await readdir(join(home, 'conversations'))).toContain(`${answer.conversation_id}.json`);
    } finally {
      await runtime.dispose({ graceDeadlineMs: 0 });
    }
  });

  it('serves a cluster that a config change adds at once, without a restart, and answers no_cluster once it is removed', async () => {
    const runtime = await create(await homeWith());
    try {
      const { url } = await runtime.start();
      const client = new ApiClient({ baseUrl: url, token: runtime.localToken });
      const nodes = () => client.call('cluster.nodes.list').then(({ nodes: list }) => list.map((node) => node.name), (error: unknown) => {
          if (error instanceof ApiRequestError) return error.code;
          throw error;
        });
      expect(await nodes()).toBe('no_cluster');
      const { config } = await client.call('config.get');
      const worker = { name: 'worker', host: '127.0.0.1', port: 9, model: 'qwen2.5:14b', tier: 1 };
      await client.call('config.put', { input: { config: { ...config, cluster: { nodes: [worker] } } as HarombeConfig } });
      expect(await nodes()).toEqual(expect.arrayContaining(['worker']));
      const { cluster: _removed, ...withoutCluster } = (await client.call('config.get')).config;
      await client.call('config.put', { input: { config: withoutCluster as HarombeConfig } });
      expect(await nodes()).toBe('no_cluster');
    } finally {
      await runtime.dispose({ graceDeadlineMs: 0 });
    }
  });

  it('dispose() after a served chat and a shell command leaves no active handle, kept-alive socket or child process', async () => {
    const before = activeResources();
    const runtime = await create(await homeWith());
    const { url } = await runtime.start();
    expect(await approvedShellTurn(runtime, url, 'echo ran')).toMatchObject({ ok: true });
    await runtime.stop({ graceDeadlineMs: 0 });
    await runtime.start();
    await runtime.dispose({ graceDeadlineMs: 0 });
    expect(idleSocketsToStandIn()).toBe(0);
    expect(childProcesses()).toEqual([]);
    // The stand-in's own sockets are its to close; beyond them, nothing the runtime made is left keeping the process alive.
    await standIn.stop();
    expect(grownSince(before)).toEqual({});
    await standIn.start();
  });
});
