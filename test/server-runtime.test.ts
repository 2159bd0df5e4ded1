// The real server (HarombeRuntime: config → agent → tools → HTTP) against the Ollama stand-in: what curl, a browser
// tab and the openai SDK see, with confirmations answered over HTTP while the stream waits.
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HarombeRuntime } from '../src/main/runtime';
import { OllamaStandIn } from './support/ollama-stand-in';
import { makeHome, runCli } from './support/run-cli';
import { SseReader } from './support/sse-reader';

let standIn: OllamaStandIn;
let runtime: HarombeRuntime;
let base: string;
let workspace: string;
let previousHome: string | undefined;
let serverHome: string;

beforeAll(async () => {
  standIn = await new OllamaStandIn({ models: [{ name: 'qwen2.5:7b' }] }).start();
  const home = (serverHome = await makeHome());
  previousHome = process.env['HAROMBE_HOME'];
  process.env['HAROMBE_HOME'] = home;
  workspace = join(home, 'workspace');
  await mkdir(workspace, { recursive: true });
  const config = join(home, 'harombe.yaml');
  await writeFile(config, `model:\n  name: qwen2.5:7b\nollama:\n  host: ${standIn.url}\ntools:\n  sandbox: none\n  web_search: false\n  workspace: ${workspace}\n`);
  runtime = await HarombeRuntime.create({ configPath: config, port: 0 });
  base = (await runtime.start()).url;
});
afterAll(async () => {
  await runtime?.stop({ graceDeadlineMs: 1000 });
  await standIn?.stop();
  if (previousHome === undefined) delete process.env['HAROMBE_HOME'];
  else process.env['HAROMBE_HOME'] = previousHome;
});
afterEach(() => standIn.reset());

/** What the CLI and the web UI send: the local token from $HAROMBE_HOME. */
const signedIn = () => ({ authorization: `Bearer ${runtime.localToken}` });

const curl = async (args: string[]) => (await promisify(execFile)('curl', ['-s', ...args])).stdout;

describe('the seed README curl lines, against the real server', () => {
  it('curl /health', async () => {
    expect(JSON.parse(await curl([`${base}/health`]))).toMatchObject({ status: 'healthy', model: 'qwen2.5:7b' });
  });

  it('curl -X POST /chat with {"message": "Hello!"}', async () => {
    standIn.on({ lastUserMessage: 'Hello!' }).reply(['Hello', ' back!']);
    const output = await curl(['-X', 'POST', `${base}/chat`, '-H', 'Content-Type: application/json', '-d', '{"message": "Hello!"}']);
    expect(JSON.parse(output)).toMatchObject({ response: 'Hello back!', conversation_id: expect.any(String) });
  });
});

describe('GET /models, from Ollama to the API in one shape', () => {
  it('lists each model as Ollama lists it, field for field, digest included, marking the configured one', async () => {
    const tags = (await (await fetch(`${standIn.url}/api/tags`)).json()) as {
      models: { name: string; size: number; digest: string; modified_at: string; details: { family: string; parameter_size: string; quantization_level: string } }[];
    };
    const response = await fetch(`${base}/models`, { headers: signedIn() });
    expect(await response.json()).toEqual({
      configured: 'qwen2.5:7b',
      models: tags.models.map((model) => ({
        name: model.name,
        configured: model.name === 'qwen2.5:7b',
        size: model.size,
        digest: model.digest,
        modified_at: model.modified_at,
        family: model.details.family,
        parameter_size: model.details.parameter_size,
        quantization: model.details.quantization_level,
      })),
    });
  });
});

describe('POST /chat/stream with a dangerous tool', () => {
  async function startShellTurn(command: string) {
    standIn.on({ lastUserMessage: /run it/ }).callTool('shell', { command });
    standIn.on({ afterToolResult: 'shell' }).reply((request) => `Result: ${request.lastToolResult?.content.trim()}`);
    const stream = await SseReader.open(`${base}/chat/stream`, { message: 'run it' });
    const confirm = await stream.until('confirm_required');
    expect(confirm?.data).toMatchObject({ tool_call: { name: 'shell' }, description: `shell: ${command}` });
    return { stream, id: (confirm!.data as { confirmation_id: string }).confirmation_id };
  }

  it('waits for approval given over HTTP by another connection, then runs in the workspace', async () => {
    const { stream, id } = await startShellTurn('echo approved > approved.txt && cat approved.txt');
    // Another client (a reloaded window, the CLI) sees the pending confirmation and answers it.
    const pending = (await (await fetch(`${base}/confirmations`, { headers: signedIn() })).json()) as { confirmations: { confirmation_id: string }[] };
    expect(pending.confirmations.map((confirmation) => confirmation.confirmation_id)).toContain(id);
    const answer = await fetch(`${base}/confirmations/${id}`, { method: 'POST', headers: { ...signedIn(), 'content-type': 'application/json' }, body: '{"decision":"allow_once"}' });
    expect(answer.status).toBe(200);
    const events = await stream.rest();
    expect(events.find((event) => event.event === 'tool_result')?.data).toMatchObject({ ok: true, output: expect.stringContaining('approved') });
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { response: expect.stringContaining('Result: approved') } });
    expect(await readFile(join(workspace, 'approved.txt'), 'utf8')).toBe('approved\n');
  });

  it('tells the model when the person denies, and the answer still arrives', async () => {
    const { stream, id } = await startShellTurn('touch denied.txt');
    await fetch(`${base}/confirmations/${id}`, { method: 'POST', headers: { ...signedIn(), 'content-type': 'application/json' }, body: '{"decision":"deny"}' });
    const events = await stream.rest();
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { response: expect.stringContaining('declined') } });
    await expect(readFile(join(workspace, 'denied.txt'))).rejects.toThrow();
  });

  it('plain POST /chat denies dangerous tools: nobody can be asked', async () => {
    standIn.on({ lastUserMessage: /wipe/ }).callTool('shell', { command: 'touch wiped.txt' });
    standIn.on({ afterToolResult: 'shell' }).reply((request) => `Tool: ${request.lastToolResult?.content}`);
    const response = await fetch(`${base}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"wipe"}' });
    expect(((await response.json()) as { response: string }).response).toMatch(/needs a person's approval|not run/);
    await expect(readFile(join(workspace, 'wiped.txt'))).rejects.toThrow();
  });
});

describe('the OpenAI-compatible /v1 through to the model', () => {
  it('works with the official openai SDK, streaming and not, passing tool calls back unchanged', async () => {
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused' });
    standIn.on({ lastUserMessage: /capital/ }).reply(['Par', 'is']);
    const completion = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'capital of France?' }] });
    expect(completion.choices[0]?.message.content).toBe('Paris');

    const stream = await client.chat.completions.create({ model: 'qwen2.5:7b', stream: true, messages: [{ role: 'user', content: 'capital of France?' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Paris');

    standIn.on({ lastUserMessage: /weather/ }).callTool('get_weather', { city: 'Oslo' });
    const withTools = await client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'weather in Oslo?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
    expect(withTools.choices[0]?.message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } });
    expect(standIn.lastChatRequest?.toolNames).toEqual(['get_weather']);
  });
});

describe('harombe chat --server, a client of the running server', () => {
  it('streams the answer from the server and continues the conversation there', async () => {
    standIn.on({ lastUserMessage: /remember 42/ }).reply('Noted: 42.');
    standIn.on({ lastUserMessage: /what number/ }).reply((request) =>
      request.messages.some((message) => String(message.content).includes('remember 42')) ? 'It was 42.' : 'No idea.',
    );
    // The CLI of the same harombe home: it sends the local token the server made there.
    const home = serverHome;
    const first = await runCli(['chat', '--server', base, '--json', '-m', 'remember 42'], { home });
    const done = first.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; conversation_id?: string }).find((event) => event.type === 'done');
    expect(done?.conversation_id).toBeDefined();
    const second = await runCli(['chat', '--server', base, '--conversation', done!.conversation_id!, '-m', 'what number?'], { home });
    expect(second.stdout.trim()).toBe('It was 42.');
    expect(second.code).toBe(0);
  });

  it('answers the server\'s confirmation with deny when no one can be asked, and with allow for --yes', async () => {
    standIn.on({ lastUserMessage: /make file/ }).callTool('shell', { command: 'echo made > remote-made.txt' });
    standIn.on({ afterToolResult: 'shell' }).reply((request) => `Tool: ${request.lastToolResult?.content.trim()}`);
    // The CLI of the same harombe home: it sends the local token the server made there.
    const home = serverHome;
    const denied = await runCli(['chat', '--server', base, '-m', 'make file'], { home });
    expect(denied.stdout).toMatch(/declined/);
    await expect(readFile(join(workspace, 'remote-made.txt'))).rejects.toThrow();
    const allowed = await runCli(['chat', '--server', base, '--yes', '-m', 'make file'], { home });
    expect(allowed.stdout).toContain('[exit code 0]');
    expect(await readFile(join(workspace, 'remote-made.txt'), 'utf8')).toBe('made\n');
  });

  it("a CLI without this server's local token (another user, another HAROMBE_HOME) is refused, and told what to do", async () => {
    const otherHome = await makeHome();
    const result = await runCli(['chat', '--server', base, '--yes', '-m', 'hello'], { home: otherHome });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("needs harombe's local token");
    expect(result.stderr).toContain(join(otherHome, 'local-token'));
    expect(result.stderr).toContain('--token');
    const withToken = await runCli(['chat', '--server', base, '--token', runtime.localToken, '-m', 'hello'], { home: otherHome });
    expect(withToken.code).toBe(0);
  });

  it('says clearly when no server answers', async () => {
    const home = await makeHome();
    const result = await runCli(['chat', '--server', 'http://127.0.0.1:9', '-m', 'hi'], { home });
    expect(result.stderr).toContain('cannot reach the harombe server');
    expect(result.stderr).toContain('harombe start');
    expect(result.code).toBe(1);
  });
});
