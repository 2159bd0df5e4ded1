// A message's Markdown cut into its top-level blocks (paragraphs, lists, fences, tables) by marked's lexer, whose
// blocks' raw text adds up to the message: each block is parsed on its own, so while an answer streams only its last,
// growing block is parsed again per frame instead of the whole answer (which grew to a long task per frame).
import { Lexer } from 'marked';

/** Text whose blocks refer to each other (link references, footnotes) or that the lexer would rewrite: kept whole. */
const WHOLE = /\r|^ {0,3}\[[^\]]+\]:/m;

/** The message's top-level blocks, in order; joined they give back the text exactly. */
export function markdownBlocks(text: string): string[] {
  if (WHOLE.test(text)) return [text];
  const blocks: string[] = [];
  // A lexer per call: it keeps what it read (links, inline work) for a later pass that never comes here.
  for (const token of new Lexer({ gfm: true }).blockTokens(text, [])) {
    // Blank lines between blocks ride along with the block before them.
    if (token.type === 'space' && blocks.length > 0) blocks[blocks.length - 1] += token.raw;
    else blocks.push(token.raw);
  }
  return blocks.join('') === text ? blocks : [text];
}
