// The shell against its own harombe server (HarombeRuntime on 127.0.0.1, the Ollama stand-in as the model): an approved
// command must not reach harombe's home or API, and harombe says loudly when commands run unconfined.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../src/main/runtime';
import { ApiClient } from '../src/shared/api-client';
import { bubblewrapForTests } from './support/bubblewrap';
import { OllamaStandIn } from './support/ollama-stand-in';

let standIn: OllamaStandIn;
let previousHome: string | undefined;

beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  previousHome = process.env['HAROMBE_HOME'];
});
afterAll(async () => {
  await standIn?.stop();
  if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
  else process.env['HAROMBE_HOME'] = previousHome;
});
afterEach(() => standIn.reset());

interface Server {
  runtime: HarombeRuntime;
  url: string;
  home: string;
  token: string;
}

/**
 * A harombe home with its token and config (`tools` lines added), and the server on it; the workspace is the default.
 * The home is outside /tmp, as ~/.harombe is: the sandbox's private /tmp would hide one under it anyway.
 */
async function startServer(tools: string): Promise<Server> {
  const home = await realpath(await mkdtemp('/var/tmp/harombe-home-'));
  process.env['HAROMBE_HOME'] = home;
  const token = randomBytes(32).toString('base64url');
  await writeFile(join(home, 'local-token'), `${token}\n`, { mode: 0o600 });
  await mkdir(join(home, 'conversations'));
  await writeFile(join(home, 'conversations', 'secret-conversation.json'), '{}');
  const config = join(home, 'harombe.yaml');
  await writeFile(config, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  web_search: false\n${tools}`);
  const runtime = await HarombeRuntime.create({ configPath: config, port: 0 });
  return { runtime, url: (await runtime.start()).url, home, token };
}

/** One POST /chat turn in which the model calls `tool` with `args`; answers with what the tool returned. */
async function toolResult(server: Server, tool: string, args: Record<string, unknown>): Promise<string> {
  standIn.on({ lastUserMessage: /go/ }).callTool(tool, args);
  standIn.on({ afterToolResult: tool }).reply((request) => `RESULT ${request.lastToolResult?.content ?? ''}`);
  const response = await fetch(`${server.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"go"}' });
  expect(response.status).toBe(200);
  return ((await response.json()) as { response: string }).response;
}

describe('a server whose shell runs unconfined (tools.sandbox: none)', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer('  sandbox: none\n');
  });
  afterAll(async () => {
    await server?.runtime.stop({ graceDeadlineMs: 1000 });
    if (server) await rm(server.home, { recursive: true, force: true });
  });

  it('says so, and why, at start-up and in GET /tools', async () => {
    const warning = 'shell commands run unconfined (no sandbox): tools.sandbox is none in harombe.yaml';
    expect(server.runtime.warnings).toContain(warning);
    const tools = await new ApiClient({ baseUrl: server.url, token: server.token }).call('tools.list');
    expect(tools.sandbox).toMatchObject({ mode: 'none', active: 'none', warning });
  });

  it("keeps the token out of the file tools' reach: read_file ../local-token from the default workspace is refused", async () => {
    const answer = await toolResult(server, 'read_file', { path: '../local-token' });
    expect(answer).toContain(`"../local-token" is outside the workspace ${join(server.home, 'workspace')}`);
    expect(answer).not.toContain(server.token);
  });
});

const { skipReason } = await bubblewrapForTests("the sandboxed shell's view of its own harombe server");

describe.skipIf(Boolean(skipReason))('a sandboxed shell command and its own harombe server (tools.sandbox: bwrap)', () => {
  let server: Server;
  beforeAll(async () => {
    // As after an attack's first step: the command runs without asking, from the default workspace inside the home.
    server = await startServer('  sandbox: bwrap\n  confirm_dangerous: false\n');
  });
  afterAll(async () => {
    await server?.runtime.stop({ graceDeadlineMs: 1000 });
    if (server) await rm(server.home, { recursive: true, force: true });
  });

  it('sees only the workspace of the home, cannot reach the API, and still works in the workspace', async () => {
    const { home, url } = server;
    const reach = `fetch('${url}/config').then(r => console.log('reached', r.status), e => console.log('unreachable', e.cause?.code))`;
    const command = [
      `ls -A ${home}`,
      `cat ${home}/local-token ${home}/harombe.yaml 2>&1`,
      `"${process.execPath}" -e "${reach}"`,
      'echo made > made.txt && cat made.txt',
    ].join('; ');
    const answer = await toolResult(server, 'shell', { command });
    expect(answer).toBe(
      [
        'RESULT workspace',
        `cat: ${home}/local-token: No such file or directory`,
        `cat: ${home}/harombe.yaml: No such file or directory`,
        'unreachable ECONNREFUSED',
        'made',
        '[exit code 0]',
      ].join('\n'),
    );
    expect(await readFile(join(home, 'workspace', 'made.txt'), 'utf8')).toBe('made\n');
    const tools = await new ApiClient({ baseUrl: url, token: server.token }).call('tools.list');
    expect(tools.sandbox).toEqual({ mode: 'bwrap', active: 'bwrap', detail: expect.stringContaining('no network') });
  });
});
