// `harombe chat`: the interactive terminal chat, or one message for scripts (-m, stdin, --json, --yes).
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Attendance } from '../../main/agent/contracts';
import { ConfigError } from '../../main/config/config-problem';
import { configPath, harombeHome } from '../../main/config/paths';
import { ApiRequestError, conversationIdSchema, type ApprovalModeName } from '../../shared';
import { APPROVAL_MODES, parseApprovalMode } from '../chat/approval-mode-text';
import { runChatSession } from '../chat/chat-session';
import type { AskLine } from '../chat/confirmation';
import { createDefaultChatEngine, type ChatEngine, type ChatEngineFactory } from '../chat/engine';
import { LineReader } from '../chat/line-reader';
import { runOneShot } from '../chat/one-shot';
import { loadPromptHistory, savePromptHistory } from '../chat/prompt-history';
import { colorEnabled, createTerminalStyle } from '../chat/terminal-style';
import type { TerminalOutput } from '../chat/turn-printer';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from '../cli-error';
import { credentialFor, localServerUrl, tokenHint } from '../server/locate-server';
import { VERSION, withConfigOption, type GlobalOptions } from '../program';

export interface ChatCommandOptions extends GlobalOptions {
  message?: string;
  conversation?: string;
  json?: boolean;
  yes?: boolean;
  /** --mode: ask, rules-only, trusted or chat-only. */
  mode?: string;
  workspace?: string;
  /** `--server` alone: this home's running server; `--server URL`: that one. */
  server?: string | boolean;
  token?: string;
}

/** Everything the command touches in the outside world, so tests run it without a terminal or a model. */
export interface ChatCommandDependencies {
  createEngine: ChatEngineFactory;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: TerminalOutput;
  stderr: TerminalOutput;
  env: NodeJS.ProcessEnv;
  cwd: () => string;
  setExitCode: (code: number) => void;
  /** Ctrl-C while a one-shot turn runs; returns a function that stops listening. */
  onInterrupt: (listener: () => void) => () => void;
  /** Where prompts are kept between chats; undefined keeps none. */
  historyFile: string | undefined;
  /** The chat waits for a line: a message at the prompt, or an answer to a confirmation (tests type on it). */
  onWaitingForInput?: (input: 'message' | 'answer') => void;
}

function defaultDependencies(env: NodeJS.ProcessEnv = process.env): ChatCommandDependencies {
  return {
    createEngine: createDefaultChatEngine,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    cwd: () => process.cwd(),
    setExitCode: (code) => {
      process.exitCode = code;
    },
    // `once`: a second Ctrl-C falls through to Node's default and ends the process, should a turn not stop.
    onInterrupt: (listener) => {
      process.once('SIGINT', listener);
      return () => process.off('SIGINT', listener);
    },
    historyFile: join(harombeHome(env), 'chat_history'),
  };
}

export function registerChatCommand(program: Command, overrides: Partial<ChatCommandDependencies> = {}): Command {
  const command = program
    .command('chat')
    .description('talk to the assistant in the terminal, or send one message with -m (for scripts)')
    .option('-m, --message <text>', 'send one message, print the answer and exit (stdin is read when it is not a terminal)')
    .option('--conversation <id>', 'continue this conversation')
    .option('--json', 'print every agent event as one JSON line instead of the answer')
    .option('-y, --yes', 'approve dangerous tools (shell commands, file changes) without asking')
    .option('--mode <mode>', 'approval mode for this chat, kept with its conversation: ask, rules-only, trusted, chat-only (default: tools.approval_mode)')
    .option('-w, --workspace <dir>', 'the folder tools act in (default: the current folder)')
    .option('-s, --server [url]', 'chat through a running harombe server (default: the one `harombe start` runs here)')
    .option('--token <token>', 'bearer token for --server (default: $HAROMBE_TOKEN, else the local token for a server on this machine, else server.auth_token)');
  withConfigOption(command);
  command.addHelpText(
    'after',
    [
      '',
      'Examples:',
      '  harombe chat                                  interactive chat (/help lists its commands)',
      '  harombe chat -m "summarize README.md"         one answer on stdout, then exit',
      '  git log -5 | harombe chat --json              the message from stdin, every event as JSON',
      '  harombe chat -m "run the tests" --yes -w .    allow dangerous tools without asking',
      '  harombe chat --server http://nas:8000         chat with the assistant running on another machine',
      '  harombe chat --mode rules-only                run only what approval rules allow; ask about the rest',
      '',
      'Exit codes: 0 answered, 1 error, 2 usage error, 130 cancelled with Ctrl-C.',
    ].join('\n'),
  );
  command.action(async (_options: unknown, self: Command) => {
    const dependencies = { ...defaultDependencies(overrides.env), ...overrides };
    dependencies.setExitCode(await runChatCommand(self.optsWithGlobals<ChatCommandOptions>(), dependencies));
  });
  return command;
}

export async function runChatCommand(options: ChatCommandOptions, dependencies: ChatCommandDependencies): Promise<number> {
  const { stdin, stdout, stderr, env } = dependencies;
  const conversationId = parseConversationId(options.conversation);
  const approvalMode = parseMode(options.mode);
  const stdinIsTerminal = stdin.isTTY === true;
  const message = await readMessage(options, dependencies, stdinIsTerminal);
  const workspace = await resolveWorkspace(options.workspace, dependencies.cwd());
  const server = await serverOf(options, env);
  const engine = await createEngine(dependencies.createEngine, { configPath: options.config, workspace, ...server });
  try {
    if (conversationId && !(await engine.store.get(conversationId))) {
      throw new CliError(`no saved conversation "${conversationId}"`, EXIT_FAILURE, 'start `harombe chat` and type /history to list conversations');
    }
    if (message === undefined) {
      const history = dependencies.historyFile ? await loadPromptHistory(dependencies.historyFile) : [];
      const result = await runChatSession({
        engine,
        input: stdin,
        output: stdout,
        terminal: stdinIsTerminal,
        color: colorEnabled(stdout, env),
        attendance: options.yes ? 'allow' : 'ask',
        ...(approvalMode ? { approvalMode } : {}),
        conversationId,
        history,
        version: VERSION,
        ...(dependencies.onWaitingForInput ? { onWaitingForInput: dependencies.onWaitingForInput } : {}),
      });
      if (dependencies.historyFile) await savePromptHistory(dependencies.historyFile, result.history);
      return result.exitCode;
    }
    // Dangerous tools: --yes allows them; a terminal can be asked; with nobody to ask they are denied.
    const attendance: Attendance = options.yes ? 'allow' : stdinIsTerminal ? 'ask' : 'deny';
    const turn = new AbortController();
    const stopListening = dependencies.onInterrupt(() => turn.abort());
    try {
      return await runOneShot({
        engine,
        message,
        conversationId,
        json: options.json === true,
        attendance,
        ...(approvalMode ? { approvalMode } : {}),
        output: stdout,
        errorOutput: stderr,
        ask: attendance === 'ask' ? askOnTerminal(stdin, stderr, turn, () => dependencies.onWaitingForInput?.('answer')) : undefined,
        signal: turn.signal,
        style: createTerminalStyle(colorEnabled(stderr, env)),
      });
    } finally {
      stopListening();
    }
  } finally {
    await engine.dispose().catch(() => undefined);
  }
}

function parseMode(value: string | undefined): ApprovalModeName | undefined {
  if (value === undefined) return undefined;
  const mode = parseApprovalMode(value);
  if (!mode) throw new CliError(`--mode "${value}" is not an approval mode`, EXIT_USAGE, `choose one of: ${APPROVAL_MODES.join(', ')}`);
  return mode;
}

function parseConversationId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = conversationIdSchema.safeParse(value);
  if (!parsed.success) {
    throw new CliError(`--conversation "${value}" is not a conversation id`, EXIT_USAGE, parsed.error.issues[0]?.message);
  }
  return parsed.data;
}

/** The one-shot message (-m, or stdin when it is not a terminal); undefined means interactive. */
async function readMessage(options: ChatCommandOptions, dependencies: ChatCommandDependencies, stdinIsTerminal: boolean): Promise<string | undefined> {
  const usage = 'pass the message with -m "..." or pipe it in: echo "hello" | harombe chat';
  if (options.message !== undefined) {
    if (!options.message.trim()) throw new CliError('-m/--message is empty', EXIT_USAGE, usage);
    return options.message;
  }
  if (!stdinIsTerminal) {
    const text = (await readAll(dependencies.stdin)).trim();
    if (!text) throw new CliError('no message: stdin is not a terminal and it was empty', EXIT_USAGE, usage);
    return text;
  }
  if (options.json) throw new CliError('--json needs a message', EXIT_USAGE, usage);
  return undefined;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** `--server [url]` and its token, or nothing (the engine then runs in this process). */
async function serverOf(options: ChatCommandOptions, env: NodeJS.ProcessEnv): Promise<{ server?: string; token?: string }> {
  if (options.server === undefined || options.server === false) return {};
  const path = configPath(options.config);
  const server = options.server === true ? await localServerUrl(path) : options.server;
  if (!/^https?:\/\//.test(server)) throw new CliError(`--server ${server} is not an http(s) URL`, EXIT_USAGE, 'for example --server http://127.0.0.1:8000');
  const token = options.token ?? env['HAROMBE_TOKEN'] ?? (await credentialFor(server, path));
  return { server, ...(token ? { token } : {}) };
}

async function resolveWorkspace(option: string | undefined, cwd: string): Promise<string> {
  const workspace = resolve(cwd, option ?? '.');
  const info = await stat(workspace).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new CliError(`workspace ${workspace} ${info ? 'is not a folder' : 'does not exist'}`, EXIT_USAGE, 'pass an existing folder with --workspace DIR');
  }
  return workspace;
}

async function createEngine(factory: ChatEngineFactory, options: Parameters<ChatEngineFactory>[0]): Promise<ChatEngine> {
  try {
    return await factory(options);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof ConfigError) {
      // Every problem of the file, as `harombe config validate` lists them, not just the first.
      const file = error.problems[0]?.file ?? 'the config';
      throw new CliError(
        `cannot start the chat: ${file} is not a valid harombe config (${error.countProblems()}):\n${error.describe()}`,
        EXIT_FAILURE,
        'Fix the lines above, then run the chat again (`harombe config validate` checks the file).',
      );
    }
    const hint = (error as { hint?: unknown } | undefined)?.hint;
    const message = error instanceof Error ? error.message : String(error);
    const advice = error instanceof ApiRequestError ? tokenHint(error.code, error.hint) : typeof hint === 'string' ? hint : undefined;
    throw new CliError(`cannot start the chat: ${message}`, EXIT_FAILURE, advice);
  }
}

/** Asks on the terminal (prompt on stderr, stdout stays the answer); Ctrl-C while asking cancels the turn. */
function askOnTerminal(stdin: NodeJS.ReadableStream, stderr: NodeJS.WritableStream, turn: AbortController, onWaiting: () => void): AskLine {
  return async (question, signal) => {
    // A reader only while asking: readline's raw mode would otherwise swallow Ctrl-C for the whole turn.
    const reader = new LineReader({ input: stdin, output: stderr, terminal: true });
    const interrupts = reader.onInterrupt(() => turn.abort());
    try {
      return await reader.read(question, { signal, onWaiting });
    } finally {
      interrupts.dispose();
      reader.close();
    }
  };
}
