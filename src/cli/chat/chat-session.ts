// The interactive chat: banner, prompt, slash commands, one turn per message; Ctrl-C cancels a turn or quits.
import type { Attendance } from '../../main/agent/contracts';
import type { ApprovalModeName } from '../../shared';
import { TRUSTED_WARNING } from './approval-mode-text';
import { bannerLines } from './banner';
import { resumedLines } from './conversation-format';
import type { ChatEngine } from './engine';
import { runInteractiveTurn } from './interactive-turn';
import { LineReader } from './line-reader';
import { isSlashCommand, runSlashCommand, type ChatState } from './slash-commands';
import { createTerminalStyle } from './terminal-style';
import { TurnPrinter, type TerminalOutput } from './turn-printer';

export interface ChatSessionOptions {
  engine: ChatEngine;
  input: NodeJS.ReadableStream;
  output: TerminalOutput;
  /** Keys come from a real terminal: line editing, history, Ctrl-C. */
  terminal: boolean;
  color: boolean;
  /** 'ask' normally; 'allow' with --yes. */
  attendance: Attendance;
  /** --mode: the approval mode for this chat's turns (kept on its conversations). */
  approvalMode?: ApprovalModeName;
  /** Continue this conversation (from --conversation). */
  conversationId?: string;
  /** Earlier prompts, oldest first, for the arrow keys. */
  history?: string[];
  version: string;
  /**
   * The session is ready for a line: a message at the prompt, or the answer to a confirmation question. Everything
   * before it (the banner, the last answer) has been written. Tests type on it instead of polling the output.
   */
  onWaitingForInput?: (input: 'message' | 'answer') => void;
}

export interface ChatSessionResult {
  exitCode: number;
  /** Prompts entered (with the earlier ones), oldest first, to save for next time. */
  history: string[];
}

export async function runChatSession(options: ChatSessionOptions): Promise<ChatSessionResult> {
  const { engine, output } = options;
  const style = createTerminalStyle(options.color);
  // Rewriting streamed text in place needs cursor control (a TTY); without colors rendering adds little.
  const printerOptions = { output, style, renderMarkdown: options.color && output.isTTY === true };
  const notices = new TurnPrinter(printerOptions);
  const say = (line: string) => notices.line(line);
  const state: ChatState = { conversationId: options.conversationId, listed: [], ...(options.approvalMode ? { mode: options.approvalMode } : {}) };

  const banner = { version: options.version, attendance: options.attendance, style, ...(options.approvalMode ? { approvalMode: options.approvalMode } : {}) };
  for (const line of bannerLines(engine, banner)) say(line);
  if (state.conversationId) {
    const conversation = await engine.store.get(state.conversationId);
    if (conversation) for (const line of resumedLines(conversation, style)) say(line);
    // A conversation left in trusted mode stays trusted: say so as loudly as --mode trusted does.
    if (conversation?.approval_mode === 'trusted' && !state.mode) say(style.alarm(TRUSTED_WARNING));
  }
  say('');

  const reader = new LineReader({
    input: options.input,
    output,
    terminal: options.terminal,
    history: [...(options.history ?? [])].reverse(),
  });
  let runningTurn: AbortController | undefined;
  const interrupts = reader.onInterrupt(() => {
    if (runningTurn) runningTurn.abort();
    else if (reader.currentLine === '') reader.close();
    else reader.discardCurrentLine();
  });
  const prompt = `${style.bold(style.green('you'))} ${style.dim('›')} `;

  try {
    for (;;) {
      const line = await reader.read(prompt, { onWaiting: () => options.onWaitingForInput?.('message') });
      if (line === undefined) {
        output.write('\n'); // Ctrl-D or Ctrl-C left the cursor after the prompt
        break;
      }
      const text = line.trim();
      if (!text) continue;
      if (isSlashCommand(text)) {
        if ((await runSlashCommand(text, { engine, state, style, say, ...(output.columns ? { columns: output.columns } : {}) })) === 'exit') break;
        continue;
      }
      const turn = new AbortController();
      runningTurn = turn;
      try {
        const outcome = await runInteractiveTurn({
          engine,
          printer: new TurnPrinter(printerOptions),
          style,
          ask: (question, signal) =>
            reader.read(style.yellow(question), { signal, fresh: true, forget: true, onWaiting: () => options.onWaitingForInput?.('answer') }),
          message: text.startsWith('//') ? text.slice(1) : text,
          conversationId: state.conversationId,
          attendance: options.attendance,
          ...(state.mode ? { approvalMode: state.mode } : {}),
          signal: turn.signal,
        });
        state.conversationId = outcome.conversationId ?? state.conversationId;
      } finally {
        runningTurn = undefined;
      }
      say('');
    }
  } finally {
    interrupts.dispose();
    reader.close();
  }
  return { exitCode: 0, history: reader.enteredLines() };
}
