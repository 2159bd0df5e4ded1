// New conversation ids and titles: random url-safe ids (they name files and URLs), titles from the first message.
import { randomUUID } from 'node:crypto';

/** 32 hex characters: safe in a file name and a URL path, and matching conversationIdSchema. */
export function newConversationId(): string {
  return randomUUID().replaceAll('-', '');
}

const TITLE_LENGTH = 60;

/** The first user message on one line, cut at a word boundary near 60 characters. */
export function conversationTitle(firstMessage: string): string {
  const line = firstMessage.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_LENGTH) return line || 'New conversation';
  const whole = line.slice(0, TITLE_LENGTH - 1);
  // Never half of an emoji (a character beyond the BMP is two UTF-16 units): a lone half shows as �.
  const cut = /[\uD800-\uDBFF]$/.test(whole) ? whole.slice(0, -1) : whole;
  // Cut at the last whole word, unless that would lose half the title.
  const lastSpace = line[cut.length] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(lastSpace > TITLE_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
