// How saved conversations read in the terminal: the /history list and the "resumed" note with the last exchange.
import type { Conversation, ConversationSummary } from '../../shared';
import { asInvoked } from '../invocation';
import { stripControlCharacters } from './safe-text';
import type { TerminalStyle } from './terminal-style';

/** How many conversations /history shows. */
export const HISTORY_LIMIT = 20;

/** Most recently updated first, at most HISTORY_LIMIT. */
export function recentConversations(summaries: ConversationSummary[]): ConversationSummary[] {
  return [...summaries].sort((a, b) => b.updated_at.localeCompare(a.updated_at)).slice(0, HISTORY_LIMIT);
}

/** `2025-11-26 14:03` in local time; the raw text when it is not a date. */
export function formatLocalTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function historyLines(recent: ConversationSummary[], currentId: string | undefined, style: TerminalStyle): string[] {
  if (recent.length === 0) return ['No saved conversations yet.'];
  const numberWidth = String(recent.length).length;
  const lines = recent.map((summary, index) => {
    const marker = summary.id === currentId ? '*' : ' ';
    const number = String(index + 1).padStart(numberWidth);
    const title = stripControlCharacters(summary.title) || '(untitled)';
    const details = style.dim(`${formatLocalTime(summary.updated_at)} · ${summary.message_count} messages · ${summary.id}`);
    return `${marker}${number}. ${title}  ${details}`;
  });
  return [...lines, style.dim(asInvoked('/history N resumes conversation N (* marks the current one); `harombe chat --conversation ID` resumes one from the shell.'))];
}

/** The note shown when a conversation is resumed, with its last question and answer for context. */
export function resumedLines(conversation: Conversation, style: TerminalStyle): string[] {
  const title = stripControlCharacters(conversation.title) || '(untitled)';
  const lines = [`Resumed "${title}" (${conversation.messages.length} messages).`];
  const lastQuestion = conversation.messages.findLast((message) => message.role === 'user');
  const lastAnswer = conversation.messages.findLast((message) => message.role === 'assistant' && message.content.trim() !== '');
  if (lastQuestion) lines.push(style.dim(`  you: ${oneLine(lastQuestion.content)}`));
  if (lastAnswer) lines.push(style.dim(`  assistant: ${oneLine(lastAnswer.content)}`));
  return lines;
}

function oneLine(text: string, maxLength = 120): string {
  const flat = stripControlCharacters(text).replace(/\s+/g, ' ').trim();
  return flat.length <= maxLength ? flat : `${flat.slice(0, maxLength - 1)}…`;
}
