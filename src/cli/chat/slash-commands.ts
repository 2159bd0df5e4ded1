// The chat's slash commands: /help /model /tools /history [N] /clear /exit.
import type { ApprovalModeName, ConversationSummary } from '../../shared';
import { APPROVAL_MODES, MODE_MEANINGS, parseApprovalMode, TRUSTED_WARNING } from './approval-mode-text';
import { historyLines, recentConversations, resumedLines } from './conversation-format';
import type { ChatEngine } from './engine';
import type { TerminalStyle } from './terminal-style';
import { hangingLines } from './word-wrap';

export interface ChatState {
  /** The conversation the next message continues; a new one starts when undefined. */
  conversationId: string | undefined;
  /** The last /history list, so `/history N` means the N the person saw. */
  listed: ConversationSummary[];
  /** The approval mode chosen here (--mode, /mode), sent with each turn; undefined: the conversation's or the config's. */
  mode?: ApprovalModeName;
}

export interface SlashContext {
  engine: ChatEngine;
  state: ChatState;
  style: TerminalStyle;
  say: (line: string) => void;
  /** The terminal's width, to wrap long lines at word boundaries (80 when unknown). */
  columns?: number;
}

export type SlashResult = 'continue' | 'exit';

interface SlashCommand {
  usage: string;
  description: string;
  run(argument: string, context: SlashContext): Promise<SlashResult> | SlashResult;
}

const COMMANDS: Record<string, SlashCommand> = {
  help: { usage: '/help', description: 'show commands and keys', run: showHelp },
  model: { usage: '/model', description: 'show the model and where it is served', run: showModel },
  tools: { usage: '/tools', description: 'list the tools, which are dangerous, and the sandbox', run: showTools },
  mode: { usage: '/mode [MODE]', description: 'show or change the approval mode: ask, rules-only, trusted, chat-only', run: mode },
  history: { usage: '/history [N]', description: 'list recent conversations; /history N resumes one', run: history },
  clear: { usage: '/clear', description: 'start a new conversation (the current one stays saved)', run: clear },
  exit: { usage: '/exit', description: 'quit (also /quit, Ctrl-D, or Ctrl-C on an empty prompt)', run: () => 'exit' },
};
const ALIASES: Record<string, string> = { quit: 'exit', q: 'exit', new: 'clear', '?': 'help' };

/** Whether a line is a command rather than a message (`//text` sends `/text` as a message). */
export function isSlashCommand(line: string): boolean {
  return line.startsWith('/') && !line.startsWith('//');
}

export async function runSlashCommand(line: string, context: SlashContext): Promise<SlashResult> {
  const [word = '', ...rest] = line.slice(1).trim().split(/\s+/);
  const name = ALIASES[word.toLowerCase()] ?? word.toLowerCase();
  const command = COMMANDS[name];
  if (!command) {
    context.say(context.style.red(`unknown command /${word}`));
    context.say('  /help lists the commands; to send a message that starts with /, type // instead.');
    return 'continue';
  }
  return command.run(rest.join(' '), context);
}

function showHelp(_argument: string, { say, style }: SlashContext): SlashResult {
  say(style.bold('Commands'));
  for (const command of Object.values(COMMANDS)) say(`  ${command.usage.padEnd(14)} ${command.description}`);
  say(style.bold('Keys'));
  say(`  ${'Enter'.padEnd(14)} send the message`);
  say(`  ${'↑ / ↓'.padEnd(14)} earlier messages`);
  say(`  ${'Ctrl-C'.padEnd(14)} cancel the answer being written; on an empty prompt, quit`);
  say(`  ${'Ctrl-D'.padEnd(14)} quit`);
  say(style.dim('When a tool call needs you: y = run it once, a = always (pick a scope, here or everywhere), anything else = deny.'));
  return 'continue';
}

function mode(argument: string, { state, say, style }: SlashContext): SlashResult {
  if (argument.trim() === '') {
    say(`  mode  ${state.mode ?? 'the conversation\'s own, else tools.approval_mode'}`);
    for (const name of APPROVAL_MODES) say(style.dim(`  ${name.padEnd(10)} ${MODE_MEANINGS[name]}`));
    return 'continue';
  }
  const chosen = parseApprovalMode(argument);
  if (!chosen) {
    say(style.red(`unknown mode "${argument.trim()}"`));
    say(`  choose one of: ${APPROVAL_MODES.join(', ')}`);
    return 'continue';
  }
  state.mode = chosen;
  say(`  approval mode: ${chosen} — ${MODE_MEANINGS[chosen]} (from your next message, kept with this conversation)`);
  if (chosen === 'trusted') say(style.alarm(TRUSTED_WARNING));
  return 'continue';
}

function showModel(_argument: string, { engine, say }: SlashContext): SlashResult {
  say(`  model     ${engine.model}`);
  say(`  endpoint  ${engine.endpoint}`);
  return 'continue';
}

function showTools(_argument: string, { engine, say, style, columns }: SlashContext): SlashResult {
  if (engine.tools.length === 0) say('  No tools are enabled (see `tools:` in harombe.yaml).');
  const nameWidth = Math.max(...engine.tools.map((tool) => tool.name.length), 4);
  for (const tool of engine.tools) {
    const kind = tool.dangerous ? style.yellow('dangerous') : style.dim('safe     ');
    // One less than the width: a line that exactly fills the row makes some terminals add an empty row after it.
    for (const line of hangingLines(`  ${tool.name.padEnd(nameWidth)}  ${kind}  `, tool.description, (columns ?? 80) - 1, style.dim)) say(line);
  }
  say(`  sandbox    ${engine.sandboxMode}`);
  say(`  workspace  ${engine.workspace}`);
  say(
    engine.confirmDangerous
      ? style.dim('  Dangerous tools ask before they run.')
      : style.alarm('  Dangerous tools run WITHOUT asking (tools.confirm_dangerous: false).'),
  );
  return 'continue';
}

async function history(argument: string, context: SlashContext): Promise<SlashResult> {
  const { engine, state, style, say } = context;
  try {
    if (!argument) {
      state.listed = recentConversations(await engine.store.list());
      for (const line of historyLines(state.listed, state.conversationId, style)) say(line);
      return 'continue';
    }
    const number = Number(argument);
    if (state.listed.length === 0) state.listed = recentConversations(await engine.store.list());
    const chosen = Number.isInteger(number) ? state.listed[number - 1] : undefined;
    if (!chosen) {
      say(style.red(`no conversation ${argument}`));
      say(`  /history lists them with their numbers (1 to ${state.listed.length}).`);
      return 'continue';
    }
    const conversation = await engine.store.get(chosen.id);
    if (!conversation) {
      say(style.red(`conversation "${chosen.title}" is gone (deleted since it was listed)`));
      say('  /history shows the current list.');
      return 'continue';
    }
    state.conversationId = conversation.id;
    for (const line of resumedLines(conversation, style)) say(line);
  } catch (error) {
    say(style.red(`error: could not read saved conversations: ${error instanceof Error ? error.message : String(error)}`));
  }
  return 'continue';
}

function clear(_argument: string, { state, say }: SlashContext): SlashResult {
  state.conversationId = undefined;
  say('Started a new conversation (the previous one is saved: /history lists it).');
  return 'continue';
}
