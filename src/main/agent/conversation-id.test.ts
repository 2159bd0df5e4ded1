// The title a conversation gets from its first message, as the sidebar shows it: one line, cut near 60 characters.
import { describe, expect, it } from 'vitest';
import { conversationTitle, newConversationId } from './conversation-id';

const a = (n: number) => 'a'.repeat(n);
const b = (n: number) => 'b'.repeat(n);

describe('conversationTitle', () => {
  it.each([
    ['runs of spaces, tabs and line breaks become one space', 'What  is\t\tthe\r\n\nweather?', 'What is the weather?'],
    ['exactly 60 characters are kept whole', a(60), a(60)],
    ['61 characters in one word are cut to 59 and an ellipsis', a(61), `${a(59)}…`],
    ['a word ending right at the cut is kept', `${a(40)} ${b(18)} c`, `${a(40)} ${b(18)}…`],
    ['a word crossing the cut is dropped when the title keeps more than half', `${a(31)} ${b(40)}`, `${a(31)}…`],
    ['a word crossing the cut is itself cut when dropping it would keep only half', `${a(30)} ${b(40)}`, `${a(30)} ${b(28)}…`],
    ['an emoji early on costs no character at the cut', `😀${a(70)}`, `😀${a(57)}…`],
  ])('%s', (_case, message, title) => {
    expect(conversationTitle(message)).toBe(title);
  });

  it('never cuts an emoji in half (a lone half shows as �)', () => {
    expect(conversationTitle(`${'好'.repeat(58)}😀${'好'.repeat(10)}`)).toBe(`${'好'.repeat(58)}…`);
  });

  it('ids are 32 hex characters (no dashes)', () => {
    expect(newConversationId()).toMatch(/^[0-9a-f]{32}$/);
  });
});
