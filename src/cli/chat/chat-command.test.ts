import { Command } from 'commander';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../cli-error';
import { registerChatCommand, type ChatCommandDependencies } from '../commands/chat-command';
import { withConfigOption } from '../program';
import type { AgentEvent, Conversation } from '../../shared';
import type { ChatEngineOptions } from './engine';
import { FakeChatEngine, confirmingTurn, doneEvent, scriptedEvents, shellCall, tokens, type TurnScript } from './fake-chat-engine';
import { CTRL_C, FakeTerminalOutput, fakeTerminalInput } from './fake-terminal';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'harombe-chat-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface Run {
  exitCode: number | undefined;
  error: CliError | undefined;
  stdout: FakeTerminalOutput;
  stderr: FakeTerminalOutput;
  engineOptions: ChatEngineOptions[];
}

function harness(engine: FakeChatEngine, options: { stdinIsTTY?: boolean; stdinText?: string; overrides?: Partial<ChatCommandDependencies> } = {}) {
  const stdin = fakeTerminalInput(options.stdinIsTTY ?? false);
  if (options.stdinText !== undefined) stdin.end(options.stdinText);
  const stdout = new FakeTerminalOutput();
  const stderr = new FakeTerminalOutput();
  const engineOptions: ChatEngineOptions[] = [];
  let exitCode: number | undefined;
  // Each time the chat waits for a line, in order: a test types on these instead of polling the output.
  const arrived: string[] = [];
  const takers: ((wait: string) => void)[] = [];
  const nextWait = (): Promise<string> => {
    const wait = arrived.shift();
    return wait ? Promise.resolve(wait) : new Promise((resolve) => takers.push(resolve));
  };
  const program = withConfigOption(new Command('harombe')).exitOverride();
  registerChatCommand(program, {
    createEngine: async (engineOption) => {
      engineOptions.push(engineOption);
      return engine;
    },
    stdin,
    stdout,
    stderr,
    env: {},
    cwd: () => folder,
    setExitCode: (code) => {
      exitCode = code;
    },
    onInterrupt: () => () => undefined,
    historyFile: undefined,
    onWaitingForInput: (wait) => {
      const taker = takers.shift();
      if (taker) taker(wait);
      else arrived.push(wait);
    },
    ...options.overrides,
  });
  const run = async (...args: string[]): Promise<Run> => {
    let error: CliError | undefined;
    try {
      await program.parseAsync(args, { from: 'user' });
    } catch (thrown) {
      if (!(thrown instanceof CliError)) throw thrown;
      error = thrown;
    }
    return { exitCode, error, stdout, stderr, engineOptions };
  };
  return { run, stdin, stdout, stderr, nextWait };
}

const answer = (...texts: string[]) => scriptedEvents(...tokens(...texts), doneEvent(texts.join('')));
const deleteTurn = (command: string): TurnScript =>
  scriptedEvents(shellCall(command), { type: 'tool_result', id: 'call-1', name: 'shell', ok: true, output: '', ms: 1 }, doneEvent('Done.'));

describe('harombe chat -m (one-shot)', () => {
  it('prints the answer alone and exits 0', async () => {
    const engine = new FakeChatEngine([answer('Hello', ' there')]);
    const result = await harness(engine).run('chat', '-m', 'hi');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.raw).toBe('Hello there\n');
    expect(result.stderr.raw).toBe('');
    expect(engine.inputs[0]).toMatchObject({ message: 'hi', conversationId: undefined });
    expect(engine.disposed).toBe(true);
  });

  it('passes the config file and the workspace (default: the current folder) to the engine', async () => {
    const first = await harness(new FakeChatEngine([answer('a')])).run('chat', '--message', 'hi');
    expect(first.engineOptions).toEqual([{ configPath: undefined, workspace: folder }]);
    const second = await harness(new FakeChatEngine([answer('a')])).run('chat', '-m', 'hi', '-c', 'my.yaml', '--workspace', '.');
    expect(second.engineOptions).toEqual([{ configPath: 'my.yaml', workspace: folder }]);
  });

  it('refuses a workspace that does not exist (exit 2)', async () => {
    const result = await harness(new FakeChatEngine()).run('chat', '-m', 'hi', '-w', 'nowhere');
    expect(result.error?.exitCode).toBe(2);
    expect(result.error?.message).toContain(`workspace ${join(folder, 'nowhere')} does not exist`);
  });

  it('prints every event as one JSON line with --json', async () => {
    const events: AgentEvent[] = [
      { type: 'route', node: 'local', tier: 0, complexity: 'simple', reason: 'short question' },
      ...tokens('Hi'),
      doneEvent('Hi'),
    ];
    const result = await harness(new FakeChatEngine([scriptedEvents(...events)])).run('chat', '-m', 'hi', '--json');
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.raw.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(events);
  });

  it('reads the message from stdin when it is not a terminal', async () => {
    const engine = new FakeChatEngine([answer('ok')]);
    const result = await harness(engine, { stdinText: 'summarize this\nplease\n' }).run('chat');
    expect(result.exitCode).toBe(0);
    expect(engine.inputs[0]?.message).toBe('summarize this\nplease');
  });

  it('is a usage error (exit 2) when there is no message at all', async () => {
    const empty = await harness(new FakeChatEngine(), { stdinText: '  \n' }).run('chat');
    expect(empty.error?.exitCode).toBe(2);
    expect(empty.error?.hint).toContain('-m');
    const json = await harness(new FakeChatEngine(), { stdinIsTTY: true }).run('chat', '--json');
    expect(json.error?.exitCode).toBe(2);
  });

  it('denies dangerous tools without a terminal or --yes, and says so on stderr', async () => {
    const engine = new FakeChatEngine([deleteTurn('rm x')]);
    const result = await harness(engine).run('chat', '-m', 'delete x');
    expect(engine.inputs[0]?.attendance).toBe('deny');
    expect(result.stderr.text()).toContain('denied shell: rm x (no terminal to ask; rerun with --yes');
    expect(result.exitCode).toBe(0);
  });

  it('approves dangerous tools with --yes, and says so on stderr', async () => {
    const engine = new FakeChatEngine([deleteTurn('rm x')]);
    const result = await harness(engine).run('chat', '-m', 'delete x', '--yes');
    expect(engine.inputs[0]?.attendance).toBe('allow');
    expect(result.stderr.text()).toBe('approved shell: rm x (--yes)\n');
    expect(result.stdout.raw).toBe('Done.\n');
  });

  it('--mode sends the approval mode with the turn; trusted warns on stderr; an unknown mode is a usage error', async () => {
    const engine = new FakeChatEngine([deleteTurn('rm x')]);
    const result = await harness(engine).run('chat', '-m', 'delete x', '--mode', 'trusted');
    expect(engine.inputs[0]?.approvalMode).toBe('trusted');
    expect(result.stderr.text()).toContain('⚠ trusted mode: every tool call');
    const wrong = await harness(new FakeChatEngine()).run('chat', '-m', 'x', '--mode', 'yolo');
    expect(wrong.error?.exitCode).toBe(2);
    expect(wrong.error?.hint).toBe('choose one of: ask, rules_only, trusted, chat_only');
  });

  it('asks on the terminal when one is attached', async () => {
    const engine = new FakeChatEngine([confirmingTurn()]);
    const { run, stdin, stderr, nextWait } = harness(engine, { stdinIsTTY: true });
    const running = run('chat', '-m', 'clean up');
    expect(await nextWait()).toBe('answer');
    expect(stderr.text()).toContain('Run shell "rm -rf build"? [y/N/a(lways)]');
    stdin.write('y\n');
    const result = await running;
    expect(engine.inputs[0]?.attendance).toBe('ask');
    expect(engine.broker.answers).toEqual([{ confirmationId: 'confirm-1', decision: 'allow_once' }]);
    expect(result.stdout.raw).toBe('Build folder removed.\n');
  });

  it('prints an error event as one line plus its hint, and exits 1', async () => {
    const engine = new FakeChatEngine([
      scriptedEvents({ type: 'error', code: 'model_missing', message: 'model qwen2.5:7b is not pulled', hint: 'run `ollama pull qwen2.5:7b`' }),
    ]);
    const result = await harness(engine).run('chat', '-m', 'hi');
    expect(result.exitCode).toBe(1);
    expect(result.stderr.text()).toBe('error: model qwen2.5:7b is not pulled\n  run `ollama pull qwen2.5:7b`\n');
    expect(result.stdout.raw).toBe('');
    expect(engine.disposed).toBe(true);
  });

  it('turns a failing runner into an error line, not a stack trace', async () => {
    const broken: TurnScript = async function* () {
      yield* tokens('par');
      throw new Error('socket hang up');
    };
    const result = await harness(new FakeChatEngine([broken])).run('chat', '-m', 'hi');
    expect(result.exitCode).toBe(1);
    expect(result.stderr.text()).toBe('error: socket hang up\n');
  });

  it('cancels the turn on Ctrl-C and exits 130', async () => {
    let interrupt = () => {};
    let started!: () => void;
    const turnStarted = new Promise<void>((resolve) => (started = resolve));
    const waitsForAbort: TurnScript = async function* (input) {
      yield* tokens('thinking');
      started(); // the token is out; the listener below is added before the test runs on
      await new Promise((resolve) => input.signal?.addEventListener('abort', resolve, { once: true }));
      yield doneEvent('thinking', { cancelled: true });
    };
    const engine = new FakeChatEngine([waitsForAbort]);
    const { run } = harness(engine, {
      overrides: {
        onInterrupt: (listener) => {
          interrupt = listener;
          return () => undefined;
        },
      },
    });
    const running = run('chat', '-m', 'hi');
    await turnStarted;
    interrupt();
    const result = await running;
    expect(result.exitCode).toBe(130);
    expect(engine.inputs[0]?.signal?.aborted).toBe(true);
  });

  it('continues a saved conversation, and refuses an unknown or malformed id', async () => {
    const saved: Conversation = { id: 'conv-9', title: 'Old', created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-01T00:00:00Z', messages: [], always_allow: [] };
    const engine = new FakeChatEngine([answer('again')], [saved]);
    expect((await harness(engine).run('chat', '-m', 'more', '--conversation', 'conv-9')).exitCode).toBe(0);
    expect(engine.inputs[0]?.conversationId).toBe('conv-9');

    const unknown = await harness(new FakeChatEngine()).run('chat', '-m', 'more', '--conversation', 'nope');
    expect(unknown.error?.exitCode).toBe(1);
    expect(unknown.error?.message).toBe('no saved conversation "nope"');

    const malformed = await harness(new FakeChatEngine()).run('chat', '-m', 'more', '--conversation', '../etc/passwd');
    expect(malformed.error?.exitCode).toBe(2);
  });

  it('reports an engine that cannot start with its message and hint (exit 1)', async () => {
    const failing = Object.assign(new Error('invalid config ~/.harombe/harombe.yaml:3:7 model.name'), { hint: 'fix the file or run `harombe init`' });
    const result = await harness(new FakeChatEngine(), {
      overrides: {
        createEngine: async () => {
          throw failing;
        },
      },
    }).run('chat', '-m', 'hi');
    expect(result.error?.exitCode).toBe(1);
    expect(result.error?.message).toBe('cannot start the chat: invalid config ~/.harombe/harombe.yaml:3:7 model.name');
    expect(result.error?.hint).toBe('fix the file or run `harombe init`');
  });
});

describe('harombe chat (interactive)', () => {
  it('runs the interactive chat when stdin is a terminal, and keeps the prompts for next time', async () => {
    const historyFile = join(folder, 'chat_history');
    const engine = new FakeChatEngine([answer('Hi!')]);
    const { run, stdin, stdout, nextWait } = harness(engine, { stdinIsTTY: true, overrides: { historyFile } });
    const running = run('chat');
    expect(await nextWait()).toBe('message');
    expect(stdout.text()).toContain('you ›');
    stdin.write('hello\n');
    expect(await nextWait()).toBe('message');
    expect(stdout.text()).toContain('Hi!');
    stdin.write(CTRL_C);
    const result = await running;
    expect(result.exitCode).toBe(0);
    expect(stdout.text()).toContain('qwen2.5:7b at http://localhost:11434');
    expect(engine.inputs[0]?.attendance).toBe('ask');
    expect(await readFile(historyFile, 'utf8')).toBe('hello\n');
    expect(engine.disposed).toBe(true);
  });
});
